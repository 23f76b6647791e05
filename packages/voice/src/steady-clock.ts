// Date.now() follows the machine's wall clock, which is stepped while a process runs (a virtual
// machine's clock was seen to jump back 7 ms within 20 s): an interval measured with it can come
// out short or negative, and a transcript span can end after the interview it belongs to.

/** Date.now() at this module's load, less the monotonic clock's reading then. */
const wallAtOrigin = Date.now() - performance.now();

/**
 * Whole milliseconds since the epoch, as Date.now() gives, that never go back: the wall clock read
 * once, then advanced by the monotonic clock. For the timestamps and intervals of a session; not
 * for tokens that another machine checks against its own wall clock.
 */
export function steadyNow(): number {
  return Math.floor(wallAtOrigin + performance.now());
}
