import { Pcm16Resampler, PcmByteDecoder } from '@bot-backend/audio';
import type { AudioFrame } from '@bot-backend/interfaces';

/**
 * A TTS vendor's raw PCM16 little-endian audio, as it arrives (HTTP chunks and
 * socket messages split samples at any byte), to frames at the caller's rate.
 * Vendors are asked for the caller's rate whenever they offer it, so the
 * resampler only runs for rates they do not render; it keeps its state across
 * pushes, so a stream resamples without clicks at chunk edges.
 */
export class PcmOutput {
  readonly toRate: number;
  readonly #decoder: PcmByteDecoder;
  readonly #resampler: Pcm16Resampler | undefined;
  #samplesOut = 0;

  constructor(
    fromRate: number,
    toRate: number,
    /** The bytes pushed are never written to afterwards: frames may share their memory (PcmByteDecoder). */
    options: { chunksStayUnchanged?: boolean } = {},
  ) {
    this.toRate = toRate;
    this.#decoder = new PcmByteDecoder('pcm_s16le', options);
    this.#resampler = fromRate === toRate ? undefined : new Pcm16Resampler(fromRate, toRate);
  }

  /** True when the audio passes through untouched. */
  get passthrough(): boolean {
    return this.#resampler === undefined;
  }

  /** Milliseconds of audio written so far, for `finish.audioMs`. */
  get audioMs(): number {
    return Math.round((this.#samplesOut * 1000) / this.toRate);
  }

  /** The next bytes; a frame when whole samples came out. */
  push(bytes: Uint8Array): AudioFrame | undefined {
    const samples = this.#decoder.push(bytes);
    return this.#frame(this.#resampler ? this.#resampler.process(samples) : samples);
  }

  /** End of audio: the resampler's tail (an incomplete trailing byte is dropped). */
  flush(): AudioFrame | undefined {
    this.#decoder.reset();
    return this.#resampler ? this.#frame(this.#resampler.flush()) : undefined;
  }

  #frame(samples: Int16Array): AudioFrame | undefined {
    if (samples.length === 0) return undefined;
    this.#samplesOut += samples.length;
    return { samples, sampleRate: this.toRate };
  }
}
