import type { AudioInput } from '../audio/encoded-audio.js';
import type { CallOptions } from '../call-options.js';
import type { SttOptions } from './stt-options.js';
import type { SttSession } from './stt-session.js';
import type { SttTranscript } from './stt-transcript.js';

export interface SttCapabilities {
  /** True when the vendor transcribes as audio arrives; false when stream() buffers until finalize(). */
  streaming: boolean;
  interimResults: boolean;
  wordTimings: boolean;
  /** The vendor itself detects end of turn. */
  endOfTurn: boolean;
}

export interface STT {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: SttCapabilities;
  /** Whole utterance. Rejects with VendorError. */
  transcribe(
    audio: AudioInput,
    options?: Omit<SttOptions, 'sampleRate'> & CallOptions,
  ): Promise<SttTranscript>;
  /** Starts a streaming session; connection problems arrive as an `error` part. */
  stream(options: SttOptions): SttSession;
}
