import { parseSettings } from '@bot-backend/vendor-kit';
import { CARTESIA_VENDOR } from './cartesia-errors.js';
import {
  CARTESIA_DEFAULT_MODEL,
  CARTESIA_DEFAULT_VOICE,
  type CartesiaTtsModelId,
} from './cartesia-models.js';
import {
  CARTESIA_DEFAULT_BASE_URL,
  type CartesiaSettings,
  type CartesiaTtsOptions,
  cartesiaSettingsSchema,
  cartesiaTtsOptionsSchema,
} from './cartesia-options.js';
import { cartesiaSdk } from './cartesia-sdk.js';
import { CARTESIA_IDLE_CONNECTION_MS, CartesiaSocketPool } from './cartesia-socket-pool.js';
import { CartesiaTts } from './cartesia-tts.js';

export interface CartesiaProvider {
  readonly name: typeof CARTESIA_VENDOR;
  readonly baseURL: string;
  /** Text-to-speech; the model defaults to settings.model, then CARTESIA_DEFAULT_MODEL (`sonic-3`). */
  tts(modelId?: CartesiaTtsModelId, options?: CartesiaTtsOptions): CartesiaTts;
}

/**
 * The one way in: validates the settings once (a TypeError naming the bad
 * fields), builds one SDK client and hands the resolved config to every model
 * it creates; nothing is read from the environment.
 */
export function createCartesia(settings: CartesiaSettings): CartesiaProvider {
  const parsed = parseSettings('Cartesia', cartesiaSettingsSchema, settings);
  const baseURL = (parsed.baseURL ?? CARTESIA_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const client = new cartesiaSdk.Cartesia({
    apiKey: parsed.apiKey,
    // Explicit, so the SDK does not fall back to CARTESIA_BASE_URL.
    baseURL,
    // One retry policy, ours (the factory's); the SDK's hidden retries would double it.
    maxRetries: 0,
    // Explicit, so the SDK does not read CARTESIA_LOG.
    logLevel: 'off',
    ...(parsed.fetch ? { fetch: parsed.fetch } : {}),
    ...(parsed.headers ? { defaultHeaders: parsed.headers } : {}),
  });
  // One set of websocket connections for every model of this provider (a context names its model).
  const pool = new CartesiaSocketPool({
    client,
    baseURL,
    headers: parsed.headers,
    maxIdle: parsed.idleConnections,
    maxIdleMs: CARTESIA_IDLE_CONNECTION_MS,
  });
  return {
    name: CARTESIA_VENDOR,
    baseURL,
    tts: (modelId, options) =>
      new CartesiaTts(modelId ?? parsed.model ?? CARTESIA_DEFAULT_MODEL, {
        client,
        baseURL,
        headers: parsed.headers,
        voice: parsed.voice ?? CARTESIA_DEFAULT_VOICE,
        // Options out of Cartesia's ranges fail here, naming the field (e.g. speed outside 0.6–1.5).
        options: parseSettings('Cartesia TTS', cartesiaTtsOptionsSchema, options ?? {}),
        timeoutMs: parsed.timeoutMs,
        pool,
      }),
  };
}
