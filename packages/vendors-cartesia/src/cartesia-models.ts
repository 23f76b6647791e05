/**
 * Cartesia's TTS models: the one list this package (and its loopback fake) go by.
 *
 * Checked 2026-12-01 against:
 * - docs.cartesia.ai/build-with-cartesia/tts-models/api-changes (what stopped on 2026-06-01,
 *   and the `model_sunsetted` error body),
 * - docs.cartesia.ai/build-with-cartesia/tts-models/older-models and .../sonic-3-5 (snapshots, languages),
 * - docs.cartesia.ai/build-with-cartesia/capability-guides/volume-speed-emotion (generation_config:
 *   sonic-3 models; speed and volume "temporarily disabled" on sonic-3.5),
 * - `TTSModel` in @cartesia/cartesia-js 4.2.0 (src/resources/tts/tts.ts).
 */
export const CARTESIA_MODELS_CHECKED_ON = '2026-12-01';

/** sonic-3: current, streams, and honours generation_config (speed, volume, emotion). */
export const CARTESIA_DEFAULT_MODEL = 'sonic-3';
/** A stock voice from Cartesia's library (the prototype's). */
export const CARTESIA_DEFAULT_VOICE = 'a0e99841-438c-4a64-b679-ae501e7d6091';

/** The 42 languages of the sonic-3 family (older-models page, sonic-3-2026-01-12 row). */
export const SONIC_3_LANGUAGES = [
  'en',
  'de',
  'es',
  'fr',
  'ja',
  'pt',
  'zh',
  'hi',
  'ko',
  'it',
  'nl',
  'pl',
  'ru',
  'sv',
  'tr',
  'tl',
  'bg',
  'ro',
  'ar',
  'cs',
  'el',
  'fi',
  'hr',
  'ms',
  'sk',
  'da',
  'ta',
  'uk',
  'hu',
  'no',
  'vi',
  'bn',
  'th',
  'he',
  'ka',
  'id',
  'te',
  'gu',
  'kn',
  'ml',
  'mr',
  'pa',
] as const;

/** What is left of sonic-2 and sonic-turbo after 2026-06-01 (api-changes page, "stable offerings"). */
const SONIC_2_LANGUAGES = ['en', 'de', 'es', 'fr', 'ja', 'ko', 'pt', 'zh'] as const;
const SONIC_TURBO_LANGUAGES = [...SONIC_2_LANGUAGES, 'hi'] as const;

export interface CartesiaModelInfo {
  /** `current`: served; `sunsetted`: answers `model_sunsetted` since 2026-06-01. */
  status: 'current' | 'sunsetted';
  /** Websocket contexts with continuations. */
  streaming: boolean;
  /** `add_timestamps` word timestamps. */
  wordTimestamps: boolean;
  /** `generation_config.speed`/`volume` take effect (sonic-3 family, not 3.5 for now). */
  speedVolume: boolean;
  languages: readonly string[];
}

const sonic3: CartesiaModelInfo = {
  status: 'current',
  streaming: true,
  wordTimestamps: true,
  speedVolume: true,
  languages: SONIC_3_LANGUAGES,
};
const sonic35: CartesiaModelInfo = { ...sonic3, speedVolume: false };
const sonic2: CartesiaModelInfo = { ...sonic3, speedVolume: false, languages: SONIC_2_LANGUAGES };
const turbo: CartesiaModelInfo = { ...sonic2, languages: SONIC_TURBO_LANGUAGES };
const gone: CartesiaModelInfo = {
  status: 'sunsetted',
  streaming: true,
  wordTimestamps: true,
  speedVolume: false,
  languages: [],
};

/** Known model ids; a base name routes to its latest stable snapshot. */
export const CARTESIA_MODELS = {
  'sonic-3': sonic3,
  'sonic-3-2026-01-12': sonic3,
  'sonic-3-2025-10-27': sonic3,
  'sonic-3.5': sonic35,
  'sonic-3-latest': sonic35,
  'sonic-latest': sonic35,
  'sonic-2': sonic2,
  'sonic-2-2025-06-11': sonic2,
  'sonic-2-2025-05-08': sonic2,
  'sonic-2-2025-04-16': sonic2,
  'sonic-turbo': turbo,
  'sonic-turbo-2025-06-04': turbo,
  sonic: gone,
  'sonic-english': gone,
  'sonic-multilingual': gone,
  'sonic-2-2025-03-07': gone,
  'sonic-turbo-2025-03-07': gone,
} as const satisfies Record<string, CartesiaModelInfo>;

/** Model ids we know; any other id Cartesia accepts works too. */
export type CartesiaTtsModelId = keyof typeof CARTESIA_MODELS | (string & {});

export function cartesiaModelInfo(modelId: string): CartesiaModelInfo | undefined {
  return (CARTESIA_MODELS as Record<string, CartesiaModelInfo>)[modelId];
}

/** Raw PCM sample rates Cartesia renders (api-reference/tts output_format). */
export const CARTESIA_SAMPLE_RATES = [8000, 16000, 22050, 24000, 44100, 48000] as const;

/** The rate to ask Cartesia for: the caller's own when offered, else the next higher one. */
export type CartesiaSampleRate = (typeof CARTESIA_SAMPLE_RATES)[number];

export function cartesiaRateFor(sampleRate: number): CartesiaSampleRate {
  return CARTESIA_SAMPLE_RATES.find((rate) => rate >= sampleRate) ?? 48000;
}

/** Documented generation_config ranges (volume-speed-emotion guide). */
export const CARTESIA_SPEED_RANGE = { min: 0.6, max: 1.5 } as const;
export const CARTESIA_VOLUME_RANGE = { min: 0.5, max: 2.0 } as const;
