import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** Anything a test starts and must close: every loopback fake. */
export interface Closable {
  close(): Promise<void>;
}

export interface UseFakeOptions {
  /** `each`: a fresh fake per test (the default); `all`: one fake for the whole `describe`. */
  scope?: 'each' | 'all';
}

/**
 * Starts a fake before the tests of the enclosing `describe` and closes it after them.
 * Returns a stand-in that forwards every property to the running fake, so tests write
 * `fake.requests()` as before; touching it outside a test (no fake running) throws.
 */
export function useFake<T extends Closable>(start: () => Promise<T>, options: UseFakeOptions = {}): T {
  let current: T | undefined;
  const [before, after] = options.scope === 'all' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    current = await start();
  });
  after(async () => {
    const running = current;
    current = undefined;
    await running?.close();
  });
  const running = (): T => {
    if (current === undefined) throw new Error('the fake is used outside a test: it is not running');
    return current;
  };
  return new Proxy({} as T, {
    get(_, property) {
      const target = running();
      const value: unknown = Reflect.get(target, property, target);
      // Methods keep the fake as `this` (class fakes use private fields).
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set(_, property, value) {
      return Reflect.set(running(), property, value);
    },
    has(_, property) {
      return Reflect.has(running(), property);
    },
  });
}
