export { kindForCloseCode, kindForStatus } from '@bot-backend/vendor-kit';
export { ASSEMBLYAI_CLOSE_CODES } from './assemblyai-errors.js';
export {
  ASSEMBLYAI_ASYNC_MODELS,
  ASSEMBLYAI_DEFAULT_MODEL,
  ASSEMBLYAI_DEFAULT_STREAMING_MODEL,
  ASSEMBLYAI_FALLBACK_MODELS,
  ASSEMBLYAI_MODELS_CHECKED_ON,
  ASSEMBLYAI_STREAMING_MODELS,
  type AssemblyAIAsyncModelInfo,
  type AssemblyAIModelId,
  type AssemblyAIStreamingModelId,
  type AssemblyAIStreamingModelInfo,
} from './assemblyai-models.js';
export {
  type AssemblyAISettings,
  assemblyAISettingsSchema,
  type ResolvedAssemblyAISettings,
} from './assemblyai-options.js';
export { type AssemblyAIProvider, createAssemblyAI } from './assemblyai-provider.js';
export { AssemblyAIStt } from './assemblyai-stt.js';
