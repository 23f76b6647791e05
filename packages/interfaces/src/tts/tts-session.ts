import type { TtsStreamPart } from './tts-stream-part.js';

/**
 * Incremental synthesis: text arrives sentence by sentence and the session
 * keeps one voice context, so prosody carries across sentences.
 */
export interface TtsSession extends AsyncIterable<TtsStreamPart> {
  pushText(text: string): void;
  /** No more text: synthesize what is left, then `finish`. */
  end(): void;
  /** Stop now (barge-in): cancel the vendor request; the iterator ends. */
  close(): Promise<void>;
}
