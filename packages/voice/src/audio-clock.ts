/**
 * Where a stream's audio time meets the session clock. An STT gives times in
 * the audio it was sent (ms from the stream's first sample); the session wants
 * them on its own clock. Audio pushed in real time maps as opened + t, but a
 * stalled event loop or a client catching up pushes seconds of audio at one
 * instant, and opened + t then runs past the moment the audio was even
 * received (a transcript span ending after the interview did). So each push is
 * noted with its clock time, and an audio time maps through the push that
 * carried it: never later than that push, plus where in its frame it falls.
 *
 * The last `capacity` pushes are kept (20 s of 20 ms frames by default); an
 * older time maps from the oldest as real time would.
 */
export class AudioClock {
  readonly #startMs: Float64Array;
  readonly #clockMs: Float64Array;
  readonly #capacity: number;
  #count = 0;
  #audioMs = 0;

  constructor(capacity = 1024) {
    this.#capacity = capacity;
    this.#startMs = new Float64Array(capacity);
    this.#clockMs = new Float64Array(capacity);
  }

  /** A frame of `durationMs` audio was pushed at `clockMs`. */
  pushed(durationMs: number, clockMs: number): void {
    const slot = this.#count % this.#capacity;
    this.#startMs[slot] = this.#audioMs;
    this.#clockMs[slot] = clockMs;
    this.#audioMs += durationMs;
    this.#count += 1;
  }

  /** A new stream: its audio time starts again at 0. */
  reset(): void {
    this.#count = 0;
    this.#audioMs = 0;
  }

  /** The session-clock time of audio time `t` (ms into the stream). */
  toClock(t: number): number {
    const kept = Math.min(this.#count, this.#capacity);
    if (kept === 0) return t;
    const first = this.#count - kept;
    // The last push whose frame starts at or before t (pushes are in audio order).
    let low = first;
    let high = this.#count - 1;
    if (t < this.#start(low)) return this.#clock(low) - (this.#start(low) - t);
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.#start(mid) <= t) low = mid;
      else high = mid - 1;
    }
    return this.#clock(low) + (t - this.#start(low));
  }

  #start(index: number): number {
    return this.#startMs[index % this.#capacity] as number;
  }

  #clock(index: number): number {
    return this.#clockMs[index % this.#capacity] as number;
  }
}
