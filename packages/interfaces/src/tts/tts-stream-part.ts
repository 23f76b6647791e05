import type { AudioFrame } from '../audio/audio-frame.js';
import type { VendorError } from '../errors/vendor-error.js';

/**
 * Audio frames in order, then `finish`, or `error` and nothing after it.
 * After the signal aborts, no further `audio` part is yielded.
 */
export type TtsStreamPart =
  | { type: 'audio'; frame: AudioFrame }
  | { type: 'finish'; characters: number; audioMs: number }
  | { type: 'error'; error: VendorError };
