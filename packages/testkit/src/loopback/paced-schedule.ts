/**
 * When each piece of a paced answer is due, counted from one origin: the n-th piece of a stream
 * paced at `intervalMs` after a first delay `firstMs` is due `firstMs` + n × `intervalMs` after
 * the origin (the offset its caller asks for), however late the one before it left. A vendor's model emits at its own pace; a fake that waited `intervalMs` after
 * each write would add every timer's lateness (a millisecond or more per timer, more on a busy
 * loop) to the next piece, and run slower than the rate it claims.
 */
export class PacedSchedule {
  readonly #origin: number;
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.#origin = now();
  }

  /** How long to wait from now until `offsetMs` after the origin; 0 once that time has passed. */
  waitUntil(offsetMs: number): number {
    return Math.max(0, this.#origin + offsetMs - this.#now());
  }
}
