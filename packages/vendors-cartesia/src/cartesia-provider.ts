import { CARTESIA_VENDOR } from './cartesia-errors.js';
import {
  CARTESIA_DEFAULT_BASE_URL,
  CARTESIA_DEFAULT_MODEL,
  CARTESIA_DEFAULT_VOICE,
  type CartesiaSettings,
  type CartesiaTtsModelId,
  type CartesiaTtsOptions,
  cartesiaSettingsSchema,
  cartesiaTtsOptionsSchema,
} from './cartesia-options.js';
import { cartesiaSdk } from './cartesia-sdk.js';
import { CartesiaTts } from './cartesia-tts.js';

export interface CartesiaProvider {
  readonly name: typeof CARTESIA_VENDOR;
  readonly baseURL: string;
  /** Text-to-speech; the model defaults to settings.model, then `sonic-english`. */
  tts(modelId?: CartesiaTtsModelId, options?: CartesiaTtsOptions): CartesiaTts;
}

/** Cartesia. Settings are validated here; nothing is read from the environment. */
export function createCartesia(settings: CartesiaSettings): CartesiaProvider {
  const parsed = cartesiaSettingsSchema.parse(settings);
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
  return {
    name: CARTESIA_VENDOR,
    baseURL,
    tts: (modelId, options) =>
      new CartesiaTts({
        client,
        baseURL,
        headers: parsed.headers,
        modelId: modelId ?? parsed.model ?? CARTESIA_DEFAULT_MODEL,
        voice: parsed.voice ?? CARTESIA_DEFAULT_VOICE,
        options: cartesiaTtsOptionsSchema.parse(options ?? {}),
        timeoutMs: parsed.timeoutMs,
      }),
  };
}
