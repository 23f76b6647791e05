import type { TtsOptions } from './tts-options.js';
import type { TtsSession } from './tts-session.js';
import type { TtsStreamPart } from './tts-stream-part.js';

export interface TtsCapabilities {
  /** Accepts text incrementally in one voice context (otherwise stream() synthesizes per sentence). */
  incrementalText: boolean;
  /** The vendor's native output rate, before conversion. */
  nativeSampleRate: number;
}

export interface TTS {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: TtsCapabilities;
  synthesize(text: string, options: TtsOptions): AsyncIterable<TtsStreamPart>;
  stream(options: TtsOptions): TtsSession;
}
