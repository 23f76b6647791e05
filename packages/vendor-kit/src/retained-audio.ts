/**
 * Audio a streaming STT session has pushed but the vendor has not yet covered
 * with a final transcript, addressed by global sample index (0 = the first
 * sample of the session). A reconnect replays it from the first uncovered sample.
 */
export class RetainedAudio {
  #chunks: Array<{ start: number; samples: Int16Array }> = [];
  #pushed = 0;
  #covered = 0;

  /** Samples pushed so far: the global index of the next one. */
  get pushed(): number {
    return this.#pushed;
  }

  /** Samples a final transcript covers: they are never sent again. */
  get covered(): number {
    return this.#covered;
  }

  /** Samples still held. */
  get held(): number {
    return this.#pushed - this.#covered;
  }

  /** Keeps these samples (the caller's buffer is not kept: it may be reused). */
  push(samples: Int16Array): void {
    if (samples.length === 0) return;
    this.#chunks.push({ start: this.#pushed, samples: samples.slice() });
    this.#pushed += samples.length;
  }

  /**
   * `count` samples from global index `from` (fewer when fewer are held). Within
   * one kept chunk (a frame sent as pushed), a view of it: kept audio is never
   * written to, so a sender may read it as it is.
   */
  slice(from: number, count: number): Int16Array {
    const start = Math.max(from, this.#covered);
    const end = Math.min(from + count, this.#pushed);
    const first = this.#chunks[this.#indexOf(start)];
    if (first && end <= first.start + first.samples.length && start < end)
      return first.samples.subarray(start - first.start, end - first.start);
    const out = new Int16Array(Math.max(0, end - start));
    for (let i = this.#indexOf(start); i < this.#chunks.length; i++) {
      const chunk = this.#chunks[i] as { start: number; samples: Int16Array };
      if (chunk.start >= end) break;
      const begin = Math.max(start, chunk.start);
      const stop = Math.min(end, chunk.start + chunk.samples.length);
      out.set(chunk.samples.subarray(begin - chunk.start, stop - chunk.start), begin - start);
    }
    return out;
  }

  /** Samples from global index `from` to the end of the pushed frame holding it (0 when none is held). */
  frameRest(from: number): number {
    const chunk = this.#chunks[this.#indexOf(from)];
    return chunk === undefined ? 0 : chunk.start + chunk.samples.length - Math.max(from, chunk.start);
  }

  /** A final covers audio up to this global index: drop what lies wholly before it. */
  release(upTo: number): void {
    if (upTo <= this.#covered) return;
    this.#covered = Math.min(upTo, this.#pushed);
    this.#chunks = this.#chunks.filter((chunk) => chunk.start + chunk.samples.length > this.#covered);
  }

  /**
   * Index of the first chunk ending after `at`, by binary search: a vendor that sends
   * no final for a long time (silence) leaves many chunks held, and every send asks.
   */
  #indexOf(at: number): number {
    let low = 0;
    let high = this.#chunks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const chunk = this.#chunks[mid] as { start: number; samples: Int16Array };
      if (chunk.start + chunk.samples.length <= at) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Drop everything (the session ended). */
  clear(): void {
    this.#chunks = [];
    this.#covered = this.#pushed;
  }
}
