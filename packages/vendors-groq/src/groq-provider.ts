import {
  createOpenAICompatibleClient,
  type OpenAICompatibleModelConfig,
  withoutTrailingSlash,
} from '@bot-backend/openai-compatible';
import { GroqLlm, groqLlmConfig } from './groq-llm.js';
import {
  GROQ_DEFAULT_CHAT_MODEL,
  GROQ_DEFAULT_TRANSCRIPTION_MODEL,
  groqTranscriptionWordTimings,
} from './groq-models.js';
import {
  GROQ_API_PATH,
  GROQ_DEFAULT_BASE_URL,
  type GroqChatModelId,
  type GroqLlmOptions,
  type GroqSettings,
  type GroqTranscriptionModelId,
  groqSettingsSchema,
} from './groq-options.js';
import { GroqStt } from './groq-stt.js';

export interface GroqProvider {
  readonly name: 'groq';
  /** Groq's origin, as given (or the default). */
  readonly baseURL: string;
  /** Chat LLM; the model defaults to settings.defaultModel, then `llama-3.3-70b-versatile`. */
  llm(modelId?: GroqChatModelId, options?: GroqLlmOptions): GroqLlm;
  /** Whisper, whole utterances with word timings; `whisper-large-v3-turbo` by default. */
  stt(modelId?: GroqTranscriptionModelId): GroqStt;
}

/**
 * Groq through its OpenAI-compatible API (console.groq.com/docs/openai) and the official
 * `openai` SDK. Settings are validated and resolved here, once; nothing is read from the environment.
 */
export function createGroq(settings: GroqSettings): GroqProvider {
  const parsed = groqSettingsSchema.parse(settings);
  const baseURL = withoutTrailingSlash(parsed.baseURL ?? GROQ_DEFAULT_BASE_URL);
  const apiURL = baseURL.endsWith(GROQ_API_PATH) ? baseURL : `${baseURL}${GROQ_API_PATH}`;
  const common: OpenAICompatibleModelConfig = {
    provider: 'groq',
    client: createOpenAICompatibleClient({ ...parsed, baseURL: apiURL }),
    timeoutMs: parsed.timeoutMs,
  };
  return {
    name: 'groq',
    baseURL,
    llm: (modelId = parsed.defaultModel ?? GROQ_DEFAULT_CHAT_MODEL, options = {}) =>
      new GroqLlm(modelId, groqLlmConfig(common, options)),
    stt: (modelId = GROQ_DEFAULT_TRANSCRIPTION_MODEL) =>
      new GroqStt(modelId, { ...common, wordTimings: groqTranscriptionWordTimings }),
  };
}
