import { describe, expect, it } from 'vitest';
import { startLoopbackServer } from './loopback-server.js';
import { useFake } from './use-fake.js';

/** A fake with a method reading a private field: forwarding must keep `this`. */
class CountingFake {
  static started = 0;
  static closed = 0;
  readonly id = ++CountingFake.started;
  #calls = 0;
  touched = false;
  call(): number {
    return ++this.#calls;
  }
  async close(): Promise<void> {
    CountingFake.closed += 1;
  }
}

describe('useFake, one fake per test', () => {
  const fake = useFake(async () => new CountingFake());
  let firstId = 0;

  it('forwards properties and methods to the running fake', () => {
    firstId = fake.id;
    expect(fake.call()).toBe(1);
    expect(fake.call()).toBe(2);
    fake.touched = true;
    expect(fake.touched).toBe(true);
    expect('call' in fake).toBe(true);
  });

  it('starts a fresh fake for the next test and has closed the last one', () => {
    expect(fake.id).toBe(firstId + 1);
    expect(fake.call()).toBe(1);
    expect(fake.touched).toBe(false);
    expect(CountingFake.closed).toBeGreaterThanOrEqual(1);
  });
});

describe('useFake, one fake for the describe', () => {
  const fake = useFake(async () => new CountingFake(), { scope: 'all' });
  let firstId = 0;

  it('keeps state across tests', () => {
    firstId = fake.id;
    expect(fake.call()).toBe(1);
  });

  it('is still the same fake', () => {
    expect(fake.id).toBe(firstId);
    expect(fake.call()).toBe(2);
  });
});

describe('useFake with a real loopback server', () => {
  const server = useFake(() => startLoopbackServer());

  it('serves requests through the stand-in', async () => {
    server.route('GET', '/ping', (_request, response) => {
      response.end('pong');
    });
    const response = await fetch(`${server.url}/ping`);
    expect(await response.text()).toBe('pong');
    expect(server.requests).toHaveLength(1);
  });
});

describe('useFake outside a test', () => {
  const fake = useFake(async () => new CountingFake());
  // Read while the describe is collected: no fake runs yet.
  let outside: unknown;
  try {
    outside = fake.id;
  } catch (error) {
    outside = error;
  }

  it('throws, naming the mistake, when no fake is running', () => {
    expect(outside).toBeInstanceOf(Error);
    expect((outside as Error).message).toMatch(/outside a test/);
  });
});
