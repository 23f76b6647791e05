import { msToSamples } from '@bot-backend/audio';

/**
 * Long quiet on the microphone (a candidate listening to the interviewer) need
 * not reach a streaming STT 20 ms at a time: every message is a socket write,
 * the largest share of a live session's CPU. Once the audio has stayed below
 * `peak` for `afterMs` it goes out in `chunkMs` messages; the first louder
 * frame sends what waits at once, then itself, so speech reaches the vendor as
 * early as before. `afterMs` is set past the vendor's own end-of-speech
 * windows, so no end of turn waits on held audio.
 */
export interface QuietBatching {
  /** Message length while quiet, ms. */
  chunkMs: number;
  /** How long the audio must have stayed quiet before it is batched, ms. */
  afterMs: number;
  /** Largest absolute sample value (PCM16) still counted as quiet. Default 327 (−40 dBFS). */
  peak?: number | undefined;
}

/**
 * −40 dBFS. No sample above it means an RMS below it too, and −40 dBFS RMS is
 * where the engine's turn-taking starts to call a frame voiced
 * (voice/turn-taking.ts), so what is batched is never sound the engine would
 * act on. A microphone's noise floor (about −60 dBFS, peaks near −50) stays
 * under it: at 64 (−54 dBFS) a real microphone's hiss counted as sound and
 * its quiet was never batched.
 */
export const defaultQuietPeak = 327;

/** True when no sample of `samples` exceeds `limit` in absolute value. */
export function isQuiet(samples: Int16Array, limit: number): boolean {
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as number;
    if (s > limit || s < -limit) return false;
  }
  return true;
}

/** Counts the quiet run of a session's audio; says how large a message may wait to be. */
export class QuietRun {
  #quietSamples = 0;
  readonly #afterSamples: number;
  /** Message size while quiet, samples. */
  readonly chunkSamples: number;
  /** Largest absolute sample value still counted as quiet. */
  readonly peak: number;
  /** Whether the frame last passed to next() was quiet. */
  lastQuiet = false;

  constructor(batching: QuietBatching, sampleRate: number) {
    this.#afterSamples = msToSamples(batching.afterMs, sampleRate);
    this.chunkSamples = Math.max(1, msToSamples(batching.chunkMs, sampleRate));
    this.peak = batching.peak ?? defaultQuietPeak;
  }

  /**
   * Adds the frame just pushed: the message size (samples) audio may wait for
   * now, or undefined when it must go out as pushed (speech, or quiet not yet long).
   */
  next(samples: Int16Array): number | undefined {
    this.lastQuiet = isQuiet(samples, this.peak);
    if (!this.lastQuiet) {
      this.#quietSamples = 0;
      return undefined;
    }
    this.#quietSamples += samples.length;
    return this.#quietSamples > this.#afterSamples ? this.chunkSamples : undefined;
  }
}
