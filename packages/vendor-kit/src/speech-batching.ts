import { msToSamples } from '@bot-backend/audio';
import { isQuiet } from './quiet-batching.js';

/**
 * Loud speech need not reach a streaming STT one microphone frame at a time
 * either (50 or 100 messages a second, each a socket write). A frame with a
 * sample louder than `peak` may wait for the frames after it, up to `chunkMs`
 * a message; the first frame that is not loud sends what waits at once, with
 * itself, so the silence after the last word goes as it comes, with the word's
 * tail. What waits is the middle of a word, at most `chunkMs` less one frame,
 * so a partial transcript may come that much later. The first `onsetMs` of
 * loud audio after a pause (`pauseMs` without a loud frame) go as they come,
 * so the start of speech (what a vendor's voice activity event, a barge-in, is
 * heard from) waits for nothing; a gap inside a word or between syllables is
 * no pause.
 */
export interface SpeechBatching {
  /** Longest message of loud speech, ms. */
  chunkMs: number;
  /** A frame is loud when a sample exceeds this in absolute value (PCM16). Default 2048 (−24 dBFS). */
  peak?: number | undefined;
  /** How much loud audio after a pause goes frame by frame, ms. Default 0: none, the first loud frame may wait. */
  onsetMs?: number | undefined;
  /** How long audio must stay below `peak` to be a pause, after which loud audio is an onset again, ms. Default 100. */
  pauseMs?: number | undefined;
}

export const defaultSpeechPeak = 2048;

/** Says how large a message loud speech may wait to be. */
export class SpeechRun {
  /** Message size of loud speech, samples. */
  readonly chunkSamples: number;
  /** A sample louder than this in absolute value makes a frame loud. */
  readonly peak: number;
  readonly #onsetSamples: number;
  readonly #pauseSamples: number;
  /** Samples since the last loud frame (a pause once it reaches #pauseSamples); the stream starts paused. */
  #notLoud: number;
  /** Samples of loud audio and what lies between since the onset. */
  #sinceOnset = 0;
  readonly #samplesPerMs: number;
  /** When the last frame came (ms) and when it would have ended, had the next come as it played. */
  #dueAt = Number.NEGATIVE_INFINITY;

  constructor(batching: SpeechBatching, sampleRate: number) {
    this.chunkSamples = Math.max(1, msToSamples(batching.chunkMs, sampleRate));
    this.peak = batching.peak ?? defaultSpeechPeak;
    this.#onsetSamples = msToSamples(batching.onsetMs ?? 0, sampleRate);
    this.#pauseSamples = msToSamples(batching.pauseMs ?? 100, sampleRate);
    this.#notLoud = this.#pauseSamples;
    this.#samplesPerMs = sampleRate / 1000;
  }

  /**
   * A frame of `length` samples came at `nowMs`. Time with no frames counts as
   * audio below the peak: a client that sends only while someone speaks (its own
   * voice detection, a mute) paused too.
   */
  #arrived(length: number, nowMs: number): void {
    const idleMs = nowMs - this.#dueAt;
    if (idleMs > 0) this.#notLoud += Math.min(this.#pauseSamples, Math.round(idleMs * this.#samplesPerMs));
    this.#dueAt = Math.max(this.#dueAt, nowMs) + length / this.#samplesPerMs;
  }

  /** The message size (samples) audio may wait for after this frame, or undefined when it must go now. */
  next(samples: Int16Array, nowMs = performance.now()): number | undefined {
    if (isQuiet(samples, this.peak)) {
      this.heardNotLoud(samples.length, nowMs);
      return undefined;
    }
    this.#arrived(samples.length, nowMs);
    if (this.#notLoud >= this.#pauseSamples) this.#sinceOnset = 0;
    else this.#sinceOnset += this.#notLoud;
    this.#notLoud = 0;
    this.#sinceOnset += samples.length;
    return this.#sinceOnset > this.#onsetSamples ? this.chunkSamples : undefined;
  }

  /** A frame of `length` samples found below `peak` elsewhere (a quiet run's scan at a lower limit). */
  heardNotLoud(length: number, nowMs = performance.now()): void {
    this.#arrived(length, nowMs);
    this.#notLoud += length;
  }
}
