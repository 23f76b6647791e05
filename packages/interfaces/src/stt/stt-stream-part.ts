import type { VendorError } from '../errors/vendor-error.js';
import type { SttWord } from './stt-word.js';

interface TranscriptFields {
  text: string;
  words: readonly SttWord[];
  confidence: number | undefined;
  /** Span of audio this text covers, ms from session start. */
  startMs: number;
  endMs: number;
}

/**
 * Parts of a streaming transcription, in order. A `transcript-final` is never
 * repeated or revised; a `transcript-partial` may be replaced by the next one.
 * The stream ends with `finish` after close(), or with `error`.
 */
export type SttStreamPart =
  | { type: 'speech-start'; atMs: number }
  | ({ type: 'transcript-partial' } & TranscriptFields)
  | ({ type: 'transcript-final' } & TranscriptFields)
  /**
   * The vendor's own end-of-turn signal (AssemblyAI `end_of_turn`, Deepgram
   * `speech_final`/`UtteranceEnd`), with its confidence when it sends one.
   */
  | { type: 'end-of-turn'; atMs: number; text: string; confidence?: number | undefined }
  | { type: 'finish' }
  | { type: 'error'; error: VendorError };
