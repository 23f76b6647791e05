import type { AudioFrame } from '../audio/audio-frame.js';
import type { SttStreamPart } from './stt-stream-part.js';

export interface SttSession extends AsyncIterable<SttStreamPart> {
  /** Queue a frame; frames are sent in order. Never blocks. */
  push(frame: AudioFrame): void;
  /** The speaker finished: flush what the vendor holds into finals and an end-of-turn. */
  finalize(): void;
  /** Flush, end the vendor stream and release its connection; the iterator then ends. */
  close(): Promise<void>;
}
