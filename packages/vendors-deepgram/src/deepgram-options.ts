import { functionSetting, headersSetting, vendorClientSettings } from '@bot-backend/vendor-kit';
import { z } from 'zod';
import {
  AURA_FLUSH_LIMIT,
  AURA_FLUSH_WINDOW_MS,
  DEEPGRAM_DEFAULT_STT_MODEL,
  DEEPGRAM_DEFAULT_TTS_VOICE,
  type DeepgramSttModelId,
  type DeepgramTtsVoiceId,
} from './deepgram-models.js';

export { auraRateFor, type DeepgramSttModelId, type DeepgramTtsVoiceId } from './deepgram-models.js';

/** What `createDeepgram` accepts. Strict: a misspelt option is an error, not a silent default. */
export const deepgramSettingsSchema = z.strictObject({
  ...vendorClientSettings('DEEPGRAM_API_KEY'),
  /** Overrides REST and WebSocket hosts alike (`http://127.0.0.1:PORT` for a fake; `ws:` is derived). */
  baseUrl: z.url().optional(),
  headers: headersSetting,
  /** STT model (default `nova-3`). */
  defaultModel: z.string().min(1).default(DEEPGRAM_DEFAULT_STT_MODEL),
  /** Aura voice (default `aura-2-thalia-en`). */
  defaultVoice: z.string().min(1).default(DEEPGRAM_DEFAULT_TTS_VOICE),
  language: z.string().min(1).optional(),
  smartFormat: z.boolean().default(true),
  punctuate: z.boolean().default(true),
  interimResults: z.boolean().default(true),
  /** Silence (ms) after which Deepgram marks `speech_final`; `false` turns endpointing off. */
  endpointingMs: z.union([z.number().int().min(10), z.literal(false)]).default(300),
  /** Gap (ms) after the last word before `UtteranceEnd`; needs interim results. Deepgram wants ≥ 1000. */
  utteranceEndMs: z.number().int().min(1000).default(1000),
  vadEvents: z.boolean().default(true),
  /**
   * Audio that stayed quiet for 300 ms past Deepgram's endpointing window (UtteranceEnd's
   * when endpointing is off) goes out in messages of `quietChunkMs` instead
   * of one per frame (fewer socket writes; speech goes by `speechChunkMs`).
   * 240 ms (twelve 20 ms frames) is near the top of the 20–250 ms per message Deepgram
   * asks for (github.com/orgs/deepgram/discussions/224): quiet holds no word to cut,
   * and the first louder frame sends what waited at once. 0 sends every frame as pushed.
   */
  quietChunkMs: z.number().int().min(0).max(250).default(240),
  /**
   * Loud speech goes out in messages of up to `speechChunkMs` instead of one
   * per frame; what is quieter than speech, the end of an answer among it,
   * still goes as pushed with what waited (vendor-kit, speech-batching.ts).
   * Deepgram asks for 20 to 250 ms per message (github.com/orgs/deepgram/discussions/224).
   * 0 sends every frame as pushed.
   */
  speechChunkMs: z.number().int().min(0).max(250).default(100),
  /**
   * The first `speechOnsetMs` of loud audio after a pause (100 ms without a loud frame,
   * or no frames at all) go frame by frame: SpeechStarted is Deepgram's prompt sign of
   * "the start of speech post-silence" (developers.deepgram.com/docs/speech-started),
   * the barge-in, and waits for no batch. Batching the onset too made a CI run silence the
   * interviewer 138 ms after the speech began, where the suite asks for 100.
   */
  speechOnsetMs: z.number().int().min(0).max(2000).default(200),
  /** A KeepAlive is sent when no audio went out for this long (Deepgram closes after 10 s of nothing). */
  keepAliveIntervalMs: z.number().int().positive().default(4000),
  /** Reconnects of a dropped live socket before the session fails. */
  maxReconnects: z.number().int().min(0).default(3),
  reconnectDelayMs: z.number().int().min(0).default(250),
  /** Live and speak sockets: how long the upgrade may take when no `timeoutMs` applies. */
  connectTimeoutMs: z.number().int().positive().default(10_000),
  /** How long close() waits for Deepgram to flush and close after CloseStream. */
  closeTimeoutMs: z.number().int().positive().default(5000),
  /**
   * How `tts.stream()` speaks incremental text: `websocket` keeps one Aura
   * connection (`WSS /v1/speak`, Speak + Flush per sentence); `sentences`
   * makes one `POST /v1/speak` per sentence.
   */
  ttsStreaming: z.enum(['websocket', 'sentences']).default('websocket'),
  /** Speak websocket: Flush messages per window Deepgram processes (it only warns after); 20 per 60 s. */
  speakFlushLimit: z.number().int().min(1).default(AURA_FLUSH_LIMIT),
  speakFlushWindowMs: z.number().int().positive().default(AURA_FLUSH_WINDOW_MS),
  /** Options we could not honour, in words (never silently dropped). */
  onWarning: functionSetting<(message: string) => void>('onWarning').optional(),
});

export type DeepgramSettings = z.input<typeof deepgramSettingsSchema> & {
  defaultModel?: DeepgramSttModelId;
  defaultVoice?: DeepgramTtsVoiceId;
};
export type ResolvedDeepgramSettings = z.output<typeof deepgramSettingsSchema>;

/** Nova-3 takes `keyterm`; older models take `keywords` (the SDK rejects keywords on Nova-3). */
export function usesKeyterm(model: string): boolean {
  return model === 'nova-3' || model.startsWith('nova-3-');
}
