/** Helpers for tests that read a stream from a fake: collect it, read it in the background, wait. */

/** Everything a stream yields, once it ends. */
export async function collectStream<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

/** Reads a stream in the background: the parts so far, and a promise for its end. */
export function readStream<T>(stream: AsyncIterable<T>): { parts: T[]; done: Promise<void> } {
  const parts: T[] = [];
  const done = (async () => {
    for await (const part of stream) parts.push(part);
  })();
  return { parts, done };
}

/** Resolves once `check()` holds; generous, for a loaded machine. */
export async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
