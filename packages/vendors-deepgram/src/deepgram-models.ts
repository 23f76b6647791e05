/**
 * Deepgram's models: the one list this package goes by.
 *
 * Checked 2026-12-01 against:
 * - developers.deepgram.com/docs/models-languages-overview (nova-3 current for batch and
 *   streaming; Flux is a separate /v2/listen API this package does not use; nova-2 for
 *   languages nova-3 lacks),
 * - developers.deepgram.com/docs/model (model options),
 * - `ListenV1Model` and `SpeakV1Model` in @deepgram/sdk 5.13.0 (dist/cjs/api/types),
 * - developers.deepgram.com/docs/tts-ws-flush (20 Flush per 60 s on the speak websocket).
 */
export const DEEPGRAM_MODELS_CHECKED_ON = '2026-12-01';

/** Speech-to-text default: nova-3, Deepgram's general model for batch and live. */
export const DEEPGRAM_DEFAULT_STT_MODEL = 'nova-3';
/** Text-to-speech default: an Aura-2 English voice (the voice is the model). */
export const DEEPGRAM_DEFAULT_TTS_VOICE = 'aura-2-thalia-en';

export interface DeepgramSttModelInfo {
  /** Live `/v1/listen` websocket. */
  streaming: boolean;
  /** Prerecorded `POST /v1/listen`. */
  batch: boolean;
  wordTimestamps: boolean;
  /** `keyterm` (nova-3) or `keywords` (older models) for vocabulary. */
  vocabulary: 'keyterm' | 'keywords';
  /** `multi` means code-switching across Deepgram's multilingual set. */
  languages: readonly string[];
}

const nova3: DeepgramSttModelInfo = {
  streaming: true,
  batch: true,
  wordTimestamps: true,
  vocabulary: 'keyterm',
  // models-languages-overview, nova-3 (changelog 2025-09-16 and 2025-11-04 additions included).
  languages: 'multi en es fr de hi ru pt ja it nl tr no id bg cs fi hu ko pl uk vi'.split(' '),
};
const nova2: DeepgramSttModelInfo = {
  ...nova3,
  vocabulary: 'keywords',
  languages: 'en multi es fr de hi ru pt ja it nl zh ko sv da tr id uk pl'.split(' '),
};

/** Known speech-to-text model ids; any other id Deepgram accepts works too. */
export const DEEPGRAM_STT_MODELS = {
  'nova-3': nova3,
  'nova-3-general': nova3,
  'nova-3-medical': { ...nova3, languages: ['en'] },
  'nova-2': nova2,
  'nova-2-general': nova2,
  'nova-2-meeting': { ...nova2, languages: ['en'] },
  'nova-2-phonecall': { ...nova2, languages: ['en'] },
} as const satisfies Record<string, DeepgramSttModelInfo>;

export type DeepgramSttModelId = keyof typeof DEEPGRAM_STT_MODELS | 'enhanced' | 'base' | (string & {});

/**
 * Aura voices we know (the voice names the language); any other id Deepgram accepts works too.
 * All stream over `WSS /v1/speak` and `POST /v1/speak`; none return word timestamps.
 */
export const DEEPGRAM_TTS_VOICES = [
  'aura-2-thalia-en',
  'aura-2-andromeda-en',
  'aura-2-apollo-en',
  'aura-2-arcas-en',
  'aura-2-helena-en',
  'aura-asteria-en',
  'aura-luna-en',
  'aura-orion-en',
] as const;

export type DeepgramTtsVoiceId = (typeof DEEPGRAM_TTS_VOICES)[number] | (string & {});

/** linear16 rates Aura renders (`SpeakV1SampleRate`); anything else is resampled from the next higher one. */
export const AURA_SAMPLE_RATES = [8000, 16000, 24000, 32000, 48000] as const;

export function auraRateFor(sampleRate: number): number {
  return AURA_SAMPLE_RATES.find((rate) => rate >= sampleRate) ?? 48000;
}

/** Speak websocket limits (docs/tts-ws-flush; 2,000 characters per Speak, vendor-wire.md corrections). */
export const AURA_FLUSH_LIMIT = 20;
export const AURA_FLUSH_WINDOW_MS = 60_000;
export const AURA_SPEAK_TEXT_LIMIT = 2000;
