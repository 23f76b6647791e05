import type { AudioFrame } from '@bot-backend/interfaces';
import { msToSamples } from './frame.js';

/**
 * Re-cuts a stream of frames of any size into frames of exactly `frameMs`
 * (vendors want e.g. 20 ms or 100 ms packets). Every sample comes out once, in order;
 * flush() returns the short remainder at the end of the stream.
 */
export class FrameChunker {
  readonly frameMs: number;
  readonly sampleRate: number;
  /** Samples per output frame. */
  readonly frameSamples: number;
  private pending: Int16Array;
  private filled = 0;

  constructor(options: { frameMs: number; sampleRate: number }) {
    this.frameMs = options.frameMs;
    this.sampleRate = options.sampleRate;
    this.frameSamples = msToSamples(options.frameMs, options.sampleRate);
    if (this.frameSamples < 1) throw new RangeError(`frameMs ${options.frameMs} is shorter than one sample`);
    this.pending = new Int16Array(this.frameSamples);
  }

  /** Samples held back waiting for a full frame. */
  get pendingSamples(): number {
    return this.filled;
  }

  push(frame: AudioFrame): AudioFrame[] {
    if (frame.sampleRate !== this.sampleRate) {
      throw new RangeError(`FrameChunker expects ${this.sampleRate} Hz frames, got ${frame.sampleRate} Hz`);
    }
    const out: AudioFrame[] = [];
    const input = frame.samples;
    let offset = 0;
    while (offset < input.length) {
      const take = Math.min(this.frameSamples - this.filled, input.length - offset);
      this.pending.set(input.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameSamples) {
        out.push({ samples: this.pending, sampleRate: this.sampleRate });
        this.pending = new Int16Array(this.frameSamples);
        this.filled = 0;
      }
    }
    return out;
  }

  /**
   * The remainder as a shorter frame (or undefined when nothing is pending).
   * With `pad: true` it is padded with silence to a full frame.
   */
  flush(options: { pad?: boolean } = {}): AudioFrame | undefined {
    if (this.filled === 0) return undefined;
    // After reset() the tail of the buffer may hold stale samples: pad with real silence.
    if (options.pad) this.pending.fill(0, this.filled);
    const samples = options.pad ? this.pending : this.pending.slice(0, this.filled);
    this.pending = new Int16Array(this.frameSamples);
    this.filled = 0;
    return { samples, sampleRate: this.sampleRate };
  }

  /** Drop whatever is pending (barge-in). Returns the number of samples dropped. */
  reset(): number {
    const dropped = this.filled;
    this.filled = 0;
    return dropped;
  }
}
