/**
 * Reads an async iterable in the background, recording each part with the
 * time it arrived, so a test can act mid-stream (abort after the first part)
 * and then check what came after.
 */
export interface RecordedPart<T> {
  part: T;
  at: number;
}

export interface StreamRecorder<T> {
  readonly parts: RecordedPart<T>[];
  /** Parts only, in order. */
  values(): T[];
  /** Resolves when a part matching `predicate` arrived; rejects after `timeoutMs` or when the stream ends first. */
  waitFor(predicate: (part: T) => boolean, timeoutMs: number, what: string): Promise<T>;
  /** Resolves when the stream ended; rejects after `timeoutMs`. */
  ended(timeoutMs: number): Promise<void>;
  /** The error the iterator threw, if it threw. */
  readonly thrown: unknown;
  readonly done: boolean;
  /** When the stream ended (performance.now()), or undefined. */
  readonly endedAt: number | undefined;
}

export function recordStream<T>(iterable: AsyncIterable<T>): StreamRecorder<T> {
  const parts: RecordedPart<T>[] = [];
  let done = false;
  let thrown: unknown;
  let endedAt: number | undefined;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  void (async () => {
    try {
      for await (const part of iterable) {
        parts.push({ part, at: performance.now() });
        notify();
      }
    } catch (error) {
      thrown = error;
    } finally {
      done = true;
      endedAt = performance.now();
      notify();
    }
  })();

  const wait = (check: () => boolean, timeoutMs: number, describe: () => string) =>
    new Promise<void>((resolve, reject) => {
      const listener = () => {
        try {
          if (check()) {
            cleanup();
            resolve();
          }
        } catch (error) {
          cleanup();
          reject(error);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${describe()} (after ${timeoutMs} ms)`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      listeners.add(listener);
      listener();
    });

  const summary = () =>
    parts
      .map(({ part }) => (part as { type?: unknown }).type)
      .map(String)
      .join(', ') || 'no parts';

  return {
    parts,
    values: () => parts.map((p) => p.part),
    get thrown() {
      return thrown;
    },
    get done() {
      return done;
    },
    get endedAt() {
      return endedAt;
    },
    async waitFor(predicate, timeoutMs, what) {
      let found: T | undefined;
      await wait(
        () => {
          const hit = parts.find(({ part }) => predicate(part));
          if (hit) {
            found = hit.part;
            return true;
          }
          if (done) throw new Error(`stream ended before ${what}; got: ${summary()}`);
          return false;
        },
        timeoutMs,
        () => `timed out waiting for ${what}; got: ${summary()}`,
      );
      return found as T;
    },
    ended(timeoutMs) {
      return wait(
        () => done,
        timeoutMs,
        () => `stream did not end; got: ${summary()}`,
      );
    },
  };
}
