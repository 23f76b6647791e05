import type { ServerResponse } from 'node:http';

/** Waits `ms`, or less when the client goes away first, so a cancelled stream stops at once. */
export function pauseUnlessClosed(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || res.destroyed) return resolve();
    const done = () => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.on('close', done);
  });
}

/** Writes a chunk and resolves once it is handed to the socket (at once when the response is gone). */
export function writeAndWait(res: ServerResponse, data: string | Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(data, () => resolve());
  });
}
