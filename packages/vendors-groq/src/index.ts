export { mapFinishReason as mapGroqFinishReason } from '@bot-backend/openai-compatible';
export {
  createGroqClient,
  groqErrors,
  groqErrorToVendorError,
} from './groq-client.js';
export { groqChatDialect } from './groq-dialect.js';
export { GroqLlm, type GroqLlmConfig, groqLlmConfig } from './groq-llm.js';
export {
  GROQ_DEFAULT_CHAT_MODEL,
  GROQ_DEFAULT_TRANSCRIPTION_MODEL,
  GROQ_MODELS_CHECKED,
  type GroqChatModelInfo,
  type GroqTranscriptionModelInfo,
  groqChatModel,
  groqChatModels,
  groqStructuredOutputs,
  groqTranscriptionModels,
  groqTranscriptionWordTimings,
  isGroqModelId,
} from './groq-models.js';
export {
  GROQ_API_PATH,
  GROQ_DEFAULT_BASE_URL,
  type GroqChatModelId,
  type GroqLlmOptions,
  type GroqSettings,
  type GroqTranscriptionModelId,
  groqLlmOptionsSchema,
  groqSettingsSchema,
} from './groq-options.js';
export {
  createGroq,
  type GroqProvider,
} from './groq-provider.js';
export { GroqStt, type GroqSttConfig } from './groq-stt.js';
