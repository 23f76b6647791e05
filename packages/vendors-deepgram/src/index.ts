export { kindForCloseCode, kindForStatus, toDeepgramError } from './deepgram-errors.js';
export {
  type DeepgramSettings,
  type DeepgramSttModelId,
  type DeepgramTtsVoiceId,
  deepgramSettingsSchema,
  type ResolvedDeepgramSettings,
} from './deepgram-options.js';
export { createDeepgram, type DeepgramProvider } from './deepgram-provider.js';
export { DeepgramStt } from './deepgram-stt.js';
export { DeepgramTts } from './deepgram-tts.js';
