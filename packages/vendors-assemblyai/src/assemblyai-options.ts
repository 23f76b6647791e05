import { functionSetting, vendorClientSettings } from '@bot-backend/vendor-kit';
import { z } from 'zod';
import {
  ASSEMBLYAI_DEFAULT_MODEL,
  ASSEMBLYAI_DEFAULT_STREAMING_MODEL,
  ASSEMBLYAI_FALLBACK_MODELS,
  type AssemblyAIModelId,
  type AssemblyAIStreamingModelId,
} from './assemblyai-models.js';

export type { AssemblyAIModelId, AssemblyAIStreamingModelId } from './assemblyai-models.js';

/** What `createAssemblyAI` accepts. Strict: a misspelt option is an error. */
export const assemblyAISettingsSchema = z.strictObject({
  /** `fetch` serves the REST calls (upload, submit, poll). */
  ...vendorClientSettings('ASSEMBLYAI_API_KEY'),
  /** REST host for async transcription (default https://api.assemblyai.com). */
  baseUrl: z.url().default('https://api.assemblyai.com'),
  /** Full streaming WebSocket URL; must be `wss:` (default wss://streaming.assemblyai.com/v3/ws). */
  streamingUrl: z
    .url()
    .refine((url) => url.startsWith('wss://'), 'streamingUrl must be a wss: URL')
    .default('wss://streaming.assemblyai.com/v3/ws'),
  /** Host that issues temporary streaming tokens (default https://streaming.assemblyai.com). */
  streamingBaseUrl: z.url().default('https://streaming.assemblyai.com'),
  /**
   * `apiKey`: the key goes in the WebSocket's Authorization header (servers only).
   * `temporaryToken`: a single-use token is fetched per connection and sent as `?token=`.
   */
  streamingAuth: z.enum(['apiKey', 'temporaryToken']).default('apiKey'),
  /** Async model, first in `speech_models` (default ASSEMBLYAI_DEFAULT_MODEL, `assemblyai-stt-3-7`). */
  defaultModel: z.string().min(1).default(ASSEMBLYAI_DEFAULT_MODEL),
  /** Async: models after it in `speech_models`, for languages it lacks (default `universal-2`). */
  fallbackModels: z.array(z.string().min(1)).default([...ASSEMBLYAI_FALLBACK_MODELS]),
  /** Streaming model (default `universal-streaming-english`). */
  streamingModel: z.string().min(1).default(ASSEMBLYAI_DEFAULT_STREAMING_MODEL),
  language: z.string().min(1).optional(),
  /** Ask for formatted turns (punctuation, casing); a turn is final once its formatted version arrives. */
  formatTurns: z.boolean().default(true),
  /**
   * End-of-turn detection (docs/speech-to-text/universal-streaming/turn-detection). A turn ends
   * when the model's `end_of_turn_confidence` reaches `endOfTurnConfidenceThreshold` (AssemblyAI's
   * default 0.4) after `minTurnSilenceMs` of silence (`min_end_of_turn_silence_when_confident`,
   * now sent as `min_turn_silence`; default 400), or after `maxTurnSilenceMs` of silence whatever
   * the confidence (`max_turn_silence`; default 1280). Unset: AssemblyAI's defaults.
   * `SttOptions.endpointingMs` overrides `minTurnSilenceMs` per session.
   */
  minTurnSilenceMs: z.number().int().min(0).optional(),
  maxTurnSilenceMs: z.number().int().min(0).optional(),
  endOfTurnConfidenceThreshold: z.number().min(0).max(1).optional(),
  /** Audio is sent in chunks of this length (the server takes 50–1000 ms per message). */
  chunkMs: z.number().int().min(50).max(1000).default(100),
  maxReconnects: z.number().int().min(0).default(3),
  reconnectDelayMs: z.number().int().min(0).default(250),
  /** Streaming: how long the connection may take to say Begin when no `timeoutMs` applies. */
  connectTimeoutMs: z.number().int().positive().default(5000),
  /** How long close() waits for `Termination` after `Terminate`. */
  closeTimeoutMs: z.number().int().positive().default(5000),
  /** Async polling: first interval, growing ×1.5 per poll up to the maximum. */
  pollIntervalMs: z.number().int().positive().default(1000),
  maxPollIntervalMs: z.number().int().positive().default(5000),
  /** Give up polling after this long (default: never; the signal still cancels). */
  pollTimeoutMs: z.number().int().positive().optional(),
  /** Injectable for tests: waits `ms` or rejects when `signal` aborts. */
  sleep: functionSetting<(ms: number, signal: AbortSignal) => Promise<void>>('sleep').optional(),
  /** Injectable clock for the poll timeout. */
  now: functionSetting<() => number>('now').optional(),
  onWarning: functionSetting<(message: string) => void>('onWarning').optional(),
});

export type AssemblyAISettings = z.input<typeof assemblyAISettingsSchema> & {
  defaultModel?: AssemblyAIModelId;
  streamingModel?: AssemblyAIStreamingModelId;
};
export type ResolvedAssemblyAISettings = z.output<typeof assemblyAISettingsSchema>;

const englishRegions: Record<string, string> = { us: 'en_us', gb: 'en_uk', uk: 'en_uk', au: 'en_au' };

/**
 * BCP-47 → AssemblyAI async `language_code`: English keeps its region where
 * AssemblyAI has one (`en-US` → `en_us`, `en-GB` → `en_uk`); other languages
 * use the primary subtag (`de-DE` → `de`).
 */
export function toAssemblyAILanguage(language: string): string {
  const [primary = '', region = ''] = language.toLowerCase().split(/[-_]/);
  if (primary === 'en' && region) return englishRegions[region] ?? 'en';
  return primary;
}

/** BCP-47 → streaming `language_codes` entry: the primary subtag (`en-US` → `en`). */
export function toStreamingLanguage(language: string): string {
  return language.toLowerCase().split(/[-_]/)[0] ?? language;
}
