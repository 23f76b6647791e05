import { Pcm16Resampler, PcmByteDecoder } from '@bot-backend/audio';
import type { AudioFrame } from '@bot-backend/interfaces';

/**
 * Cartesia's raw PCM16 little-endian audio, as it arrives (HTTP chunks split
 * samples at any byte), to frames at the caller's rate. We ask Cartesia for the
 * caller's rate whenever it offers it, so the resampler only runs for odd rates.
 */
export class CartesiaPcmConverter {
  readonly toRate: number;
  private readonly decoder = new PcmByteDecoder('pcm_s16le');
  private readonly resampler: Pcm16Resampler | undefined;
  private samplesOut = 0;

  constructor(fromRate: number, toRate: number) {
    this.toRate = toRate;
    this.resampler = fromRate === toRate ? undefined : new Pcm16Resampler(fromRate, toRate);
  }

  /** True when the audio passes through untouched. */
  get passthrough(): boolean {
    return this.resampler === undefined;
  }

  /** PCM16 samples written so far, for `finish.audioMs`. */
  get audioMs(): number {
    return (this.samplesOut * 1000) / this.toRate;
  }

  /** The next bytes; returns a frame when whole samples came out. */
  push(bytes: Uint8Array): AudioFrame | undefined {
    const samples = this.decoder.push(bytes);
    return this.frame(this.resampler ? this.resampler.process(samples) : samples);
  }

  /** End of audio: the resampler's tail (an incomplete trailing sample is dropped). */
  flush(): AudioFrame | undefined {
    this.decoder.reset();
    return this.resampler ? this.frame(this.resampler.flush()) : undefined;
  }

  private frame(samples: Int16Array): AudioFrame | undefined {
    if (samples.length === 0) return undefined;
    this.samplesOut += samples.length;
    return { samples, sampleRate: this.toRate };
  }
}
