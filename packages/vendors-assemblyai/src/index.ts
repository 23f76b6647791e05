export { kindForCloseCode, kindForStatus } from './assemblyai-errors.js';
export {
  type AssemblyAIModelId,
  type AssemblyAISettings,
  type AssemblyAIStreamingModelId,
  assemblyAISettingsSchema,
  type ResolvedAssemblyAISettings,
} from './assemblyai-options.js';
export { type AssemblyAIProvider, createAssemblyAI } from './assemblyai-provider.js';
export { AssemblyAIStt } from './assemblyai-stt.js';
