export { mapFinishReason } from '@bot-backend/openai-compatible';
export {
  createOpenAIClient,
  type OpenAIClientOptions,
  openAIErrors,
  openAIErrorToVendorError,
} from './openai-client.js';
export { OpenAILlm, type OpenAILlmConfig, openAILlmConfig } from './openai-llm.js';
export {
  isOpenAIModelId,
  isOpenAIReasoningModel,
  OPENAI_DEFAULT_CHAT_MODEL,
  OPENAI_DEFAULT_MODERATION_MODEL,
  OPENAI_DEFAULT_SPEECH_MODEL,
  OPENAI_DEFAULT_TRANSCRIPTION_MODEL,
  OPENAI_DEFAULT_VOICE,
  OPENAI_MODELS_CHECKED,
  type OpenAIChatModelInfo,
  type OpenAISpeechModelInfo,
  type OpenAITranscriptionModelInfo,
  openAIChatModel,
  openAIChatModels,
  openAISpeechInstructions,
  openAISpeechModels,
  openAITranscriptionModels,
  openAITranscriptionWordTimings,
  openAIVoices,
} from './openai-models.js';
export { OpenAIModeration, type OpenAIModerationConfig } from './openai-moderation.js';
export {
  OPENAI_DEFAULT_BASE_URL,
  type OpenAIChatModelId,
  type OpenAILlmOptions,
  type OpenAIModerationModelId,
  type OpenAISettings,
  type OpenAISpeechModelId,
  type OpenAITranscriptionModelId,
  type OpenAIVoice,
  openAILlmOptionsSchema,
  openAISettingsSchema,
} from './openai-options.js';
export {
  createOpenAI,
  type OpenAIProvider,
  type OpenAITtsOptions,
} from './openai-provider.js';
export { OpenAIStt, type OpenAISttConfig } from './openai-stt.js';
export { OPENAI_PCM_SAMPLE_RATE, OpenAITts, type OpenAITtsConfig } from './openai-tts.js';
