/** Samples per block of kept audio: about a second at 16 kHz (32 KiB). */
const blockSamples = 16_384;

interface Block {
  /** Global index of the block's first sample. */
  start: number;
  samples: Int16Array;
  /** Samples written so far; the rest of `samples` is still free. */
  filled: number;
}

/**
 * Audio a streaming STT session has pushed but the vendor has not yet covered
 * with a final transcript, addressed by global sample index (0 = the first
 * sample of the session). A reconnect replays it from the first uncovered sample.
 *
 * Frames are copied into blocks of about a second, one after the other, and
 * only their ends are noted: 50 frames a second per session make no objects of
 * their own that live until a final (seconds), which the garbage collector
 * would copy and promote. A block is only ever appended to, so what was handed
 * out is never written to again; it is dropped once a final covers all of it.
 */
export class RetainedAudio {
  #blocks: Block[] = [];
  /** Global end index of each pushed frame still held, from `#endsHead` on. */
  #ends: number[] = [];
  #endsHead = 0;
  #pushed = 0;
  #covered = 0;

  /** Samples pushed so far: the global index of the next one. */
  get pushed(): number {
    return this.#pushed;
  }

  /** Samples a final covers: they are never sent again. */
  get covered(): number {
    return this.#covered;
  }

  /** Samples still held. */
  get held(): number {
    return this.#pushed - this.#covered;
  }

  /** Keeps these samples (the caller's buffer is not kept: it may be reused). */
  push(samples: Int16Array): void {
    const count = samples.length;
    if (count === 0) return;
    let block = this.#blocks.at(-1);
    // A frame never straddles two blocks, so it can always be handed out as it was pushed.
    if (block === undefined || block.filled + count > block.samples.length) {
      block = { start: this.#pushed, samples: new Int16Array(Math.max(blockSamples, count)), filled: 0 };
      this.#blocks.push(block);
    }
    block.samples.set(samples, block.filled);
    block.filled += count;
    this.#pushed += count;
    this.#ends.push(this.#pushed);
  }

  /**
   * `count` samples from global index `from` (fewer when fewer are held). Within
   * one block (a frame as pushed, or several pushed one after the other), a view
   * of it: kept audio is never written to, so a sender may read it as it is.
   */
  slice(from: number, count: number): Int16Array {
    const start = Math.max(from, this.#covered);
    const end = Math.min(from + count, this.#pushed);
    if (start >= end) return new Int16Array(0);
    let index = this.#blockOf(start);
    const first = this.#blocks[index] as Block;
    if (end <= first.start + first.filled)
      return first.samples.subarray(start - first.start, end - first.start);
    const out = new Int16Array(end - start);
    for (; index < this.#blocks.length; index++) {
      const block = this.#blocks[index] as Block;
      if (block.start >= end) break;
      const begin = Math.max(start, block.start);
      const stop = Math.min(end, block.start + block.filled);
      out.set(block.samples.subarray(begin - block.start, stop - block.start), begin - start);
    }
    return out;
  }

  /** Samples from global index `from` to the end of the pushed frame holding it (0 when none is held). */
  frameRest(from: number): number {
    const at = Math.max(from, this.#covered);
    const end = this.#ends[this.#frameOf(at)];
    return end === undefined ? 0 : end - at;
  }

  /** A final covers audio up to this global index: drop what lies wholly before it. */
  release(upTo: number): void {
    if (upTo <= this.#covered) return;
    this.#covered = Math.min(upTo, this.#pushed);
    const covered = this.#covered;
    let blocks = 0;
    while (blocks < this.#blocks.length) {
      const block = this.#blocks[blocks] as Block;
      // The last block still takes frames: it stays while it can, even when all of it is covered.
      if (block.start + block.filled > covered || blocks === this.#blocks.length - 1) break;
      blocks++;
    }
    if (blocks > 0) this.#blocks.splice(0, blocks);
    this.#endsHead = this.#frameOf(covered);
    if (this.#endsHead >= 1024 && this.#endsHead * 2 >= this.#ends.length) {
      this.#ends = this.#ends.slice(this.#endsHead);
      this.#endsHead = 0;
    }
  }

  /** Drop everything (the session ended). */
  clear(): void {
    this.#blocks = [];
    this.#ends = [];
    this.#endsHead = 0;
    this.#covered = this.#pushed;
  }

  /** Index in `#ends` of the frame holding global index `at` (the first whose end lies after it), by binary search. */
  #frameOf(at: number): number {
    let low = this.#endsHead;
    let high = this.#ends.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.#ends[mid] as number) <= at) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Index of the block holding global index `at` (held blocks are few: a linear walk from the end). */
  #blockOf(at: number): number {
    let index = this.#blocks.length - 1;
    while (index > 0 && (this.#blocks[index] as Block).start > at) index--;
    return index;
  }
}
