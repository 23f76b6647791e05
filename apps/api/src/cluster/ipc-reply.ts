/**
 * Sends one IPC request and resolves with its answer, or undefined after
 * `timeoutMs`: answers arrive through `waiting` (the caller's message listener
 * looks the id up there).
 */
export function awaitReply<T>(
  waiting: Map<number, (value: T | undefined) => void>,
  id: number,
  timeoutMs: number,
  send: () => void,
): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const done = (value: T | undefined) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(value);
    };
    waiting.set(id, done);
    send();
  });
}
