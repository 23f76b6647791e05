import { msToSamples } from '@bot-backend/audio';
import { isQuiet } from './quiet-batching.js';

/**
 * Loud speech need not reach a streaming STT one microphone frame at a time
 * either (50 or 100 messages a second, each a socket write). A frame with a
 * sample louder than `peak` may wait for the frames after it, up to `chunkMs`
 * a message; the first frame that is not loud sends what waits at once, with
 * itself, so the silence after the last word goes as it comes, with the word's
 * tail. What waits is the middle of a word, at most `chunkMs` less one frame,
 * so a partial transcript (a barge-in) may come that much later. Deepgram's
 * session has it off by default: the first loud frame waits too, so the
 * barge-in comes later (deepgram-options.ts, `speechChunkMs`).
 */
export interface SpeechBatching {
  /** Longest message of loud speech, ms. */
  chunkMs: number;
  /** A frame is loud when a sample exceeds this in absolute value (PCM16). Default 2048 (−24 dBFS). */
  peak?: number | undefined;
}

export const defaultSpeechPeak = 2048;

/** Says how large a message loud speech may wait to be. */
export class SpeechRun {
  /** Message size of loud speech, samples. */
  readonly chunkSamples: number;
  /** A sample louder than this in absolute value makes a frame loud. */
  readonly peak: number;

  constructor(batching: SpeechBatching, sampleRate: number) {
    this.chunkSamples = Math.max(1, msToSamples(batching.chunkMs, sampleRate));
    this.peak = batching.peak ?? defaultSpeechPeak;
  }

  /** The message size (samples) audio may wait for after this frame, or undefined when it must go now. */
  next(samples: Int16Array): number | undefined {
    return isQuiet(samples, this.peak) ? undefined : this.chunkSamples;
  }
}
