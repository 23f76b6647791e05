import { headersSetting, vendorClientSettings } from '@bot-backend/vendor-kit';
import { z } from 'zod';
import { CARTESIA_SPEED_RANGE, CARTESIA_VOLUME_RANGE } from './cartesia-models.js';

export type CartesiaEmotion =
  | 'neutral'
  | 'calm'
  | 'angry'
  | 'content'
  | 'sad'
  | 'scared'
  | 'happy'
  | 'excited'
  | 'curious'
  | (string & {});

export const CARTESIA_DEFAULT_BASE_URL = 'https://api.cartesia.ai';
/**
 * The rate we report as native. Cartesia renders PCM16 at any of CARTESIA_SAMPLE_RATES
 * itself, so a caller asking for one of those gets it without resampling.
 */
export const CARTESIA_NATIVE_SAMPLE_RATE = 24000;

const speed = z.number().min(CARTESIA_SPEED_RANGE.min).max(CARTESIA_SPEED_RANGE.max);
const volume = z.number().min(CARTESIA_VOLUME_RANGE.min).max(CARTESIA_VOLUME_RANGE.max);

/** Provider settings: everything comes in here, nothing is read from the environment. */
export const cartesiaSettingsSchema = z.strictObject({
  ...vendorClientSettings('CARTESIA_API_KEY'),
  /** e.g. a proxy or a test fake; `http://` also makes the websocket plain `ws://`. */
  baseURL: z.url().optional(),
  /** Model used when a call names none; default CARTESIA_DEFAULT_MODEL (`sonic-3`). */
  model: z.string().min(1).optional(),
  /** Voice id used when a call names none; default the prototype's voice. */
  voice: z.string().min(1).optional(),
  headers: headersSetting,
  /** Open `/tts/websocket` connections kept between replies (contexts reuse them); 0: one per reply. */
  idleConnections: z.number().int().min(0).max(256).default(16),
});

export type CartesiaSettings = z.input<typeof cartesiaSettingsSchema>;

/** Per-instance options of the TTS; a call's TtsOptions (voice, language, speed) win over these. */
export const cartesiaTtsOptionsSchema = z.strictObject({
  voice: z.string().min(1).optional(),
  /** e.g. `en`, `de`; sent as `language`. */
  language: z.string().min(2).optional(),
  /** `generation_config.speed` (sonic-3 models), 0.6–1.5; 1 is normal. */
  speed: speed.optional(),
  /** `generation_config.volume` (sonic-3 models), 0.5–2.0; 1 is normal. */
  volume: volume.optional(),
  /** `generation_config.emotion` (sonic-3 and later). */
  emotion: z.string().min(1).optional(),
  /** Websocket only: how long Cartesia may buffer text before it starts speaking (0–5000 ms). */
  maxBufferDelayMs: z.number().int().min(0).max(5000).optional(),
});

export type CartesiaTtsOptions = z.input<typeof cartesiaTtsOptionsSchema>;

/** The caller's per-call options we check before touching the network. */
export const cartesiaCallOptionsSchema = z.object({
  sampleRate: z.number().int().min(8000).max(192000),
  voice: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  language: z.string().min(2).optional(),
  speed: speed.optional(),
});

/** The websocket messages we read; lenient, only the fields we use. */
export const cartesiaWsMessageSchema = z.object({
  context_id: z.string().nullish(),
  data: z.string().nullish(),
  status_code: z.number().nullish(),
  title: z.string().nullish(),
  message: z.string().nullish(),
  error: z.string().nullish(),
  error_code: z.string().nullish(),
  /** chunk, timestamps, flush_done, done or error. */
  type: z.string(),
});

export type CartesiaWsMessage = z.infer<typeof cartesiaWsMessageSchema>;
