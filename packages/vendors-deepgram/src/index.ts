export { kindForCloseCode, kindForStatus } from '@bot-backend/vendor-kit';
export { DEEPGRAM_CLOSE_CODES, toDeepgramError } from './deepgram-errors.js';
export {
  AURA_FLUSH_LIMIT,
  AURA_FLUSH_WINDOW_MS,
  AURA_SAMPLE_RATES,
  AURA_SPEAK_TEXT_LIMIT,
  DEEPGRAM_DEFAULT_STT_MODEL,
  DEEPGRAM_DEFAULT_TTS_VOICE,
  DEEPGRAM_MODELS_CHECKED_ON,
  DEEPGRAM_STT_MODELS,
  DEEPGRAM_TTS_VOICES,
  type DeepgramSttModelId,
  type DeepgramSttModelInfo,
  type DeepgramTtsVoiceId,
} from './deepgram-models.js';
export {
  type DeepgramSettings,
  deepgramSettingsSchema,
  type ResolvedDeepgramSettings,
} from './deepgram-options.js';
export { createDeepgram, type DeepgramProvider } from './deepgram-provider.js';
export { DeepgramStt } from './deepgram-stt.js';
export { DeepgramTts } from './deepgram-tts.js';
