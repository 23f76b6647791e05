import { float32ToInt16, Resampler } from '@bot-backend/audio';
import type { AudioFrame } from '@bot-backend/interfaces';

/**
 * Cartesia's raw float32 little-endian audio, as it arrives (HTTP chunks split
 * samples at any byte), to PCM16 frames at the caller's rate.
 */
export class CartesiaPcmConverter {
  readonly toRate: number;
  private readonly resampler: Resampler;
  private pending = new Uint8Array(0);
  private samplesOut = 0;

  constructor(fromRate: number, toRate: number) {
    this.toRate = toRate;
    this.resampler = new Resampler(fromRate, toRate);
  }

  /** PCM16 samples written so far, for `finish.audioMs`. */
  get audioMs(): number {
    return (this.samplesOut * 1000) / this.toRate;
  }

  /** The next bytes; returns a frame when whole samples came out of the resampler. */
  push(bytes: Uint8Array): AudioFrame | undefined {
    const joined = new Uint8Array(this.pending.length + bytes.length);
    joined.set(this.pending, 0);
    joined.set(bytes, this.pending.length);
    const whole = joined.length - (joined.length % 4);
    this.pending = joined.slice(whole);
    if (whole === 0) return undefined;
    const view = new DataView(joined.buffer, joined.byteOffset, whole);
    const floats = new Float32Array(whole / 4);
    for (let i = 0; i < floats.length; i++) floats[i] = view.getFloat32(i * 4, true);
    return this.frame(this.resampler.process(floats));
  }

  /** End of audio: the resampler's tail (an incomplete trailing sample is dropped). */
  flush(): AudioFrame | undefined {
    this.pending = new Uint8Array(0);
    return this.frame(this.resampler.flush());
  }

  private frame(samples: Float32Array): AudioFrame | undefined {
    if (samples.length === 0) return undefined;
    this.samplesOut += samples.length;
    return { samples: float32ToInt16(samples), sampleRate: this.toRate };
  }
}
