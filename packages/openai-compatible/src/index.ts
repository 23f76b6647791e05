export {
  mapFinishReason,
  toUsage,
  type WireUsage,
} from './openai-compatible-chat-wire.js';
export type { OpenAICompatibleClient, OpenAICompatibleSpeechClient } from './openai-compatible-client.js';
export {
  type OpenAICompatibleClientOptions,
  type OpenAICompatibleModelConfig,
  openAICompatibleSettingsShape,
  stainlessClientOptions,
  withoutTrailingSlash,
} from './openai-compatible-config.js';
export {
  type OpenAICompatibleErrors,
  openAICompatibleErrorToVendorError,
  type SdkFailure,
  type StainlessErrorClasses,
  stainlessErrors,
  type WireErrorBody,
  wireErrorBody,
} from './openai-compatible-errors.js';
export {
  type OpenAICompatibleChatDialect,
  type OpenAICompatibleChatModelCapabilities,
  OpenAICompatibleLlm,
  type OpenAICompatibleLlmConfig,
} from './openai-compatible-llm.js';
export { OpenAICompatibleModel } from './openai-compatible-model.js';
export type { StructuredOutputMode } from './openai-compatible-structured-output.js';
export { OpenAICompatibleStt, type OpenAICompatibleSttConfig } from './openai-compatible-stt.js';
export {
  OpenAICompatibleTts,
  type OpenAICompatibleTtsConfig,
  PCM_SAMPLE_RATE,
  SPEECH_MAX_INPUT,
} from './openai-compatible-tts.js';
