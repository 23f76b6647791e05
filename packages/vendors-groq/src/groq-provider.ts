import { type OpenAICompatibleModelConfig, withoutTrailingSlash } from '@bot-backend/openai-compatible';
import { createGroqClient, groqErrors } from './groq-client.js';
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
 * Groq through its official SDK, `groq-sdk`, which calls Groq's OpenAI-compatible API
 * (`/openai/v1`, console.groq.com/docs/openai). Settings are validated and resolved here,
 * once; nothing is read from the environment.
 */
export function createGroq(settings: GroqSettings): GroqProvider {
  const parsed = groqSettingsSchema.parse(settings);
  const given = withoutTrailingSlash(parsed.baseURL ?? GROQ_DEFAULT_BASE_URL);
  // groq-sdk adds `/openai/v1` to every path itself: it takes the origin.
  const baseURL = given.endsWith(GROQ_API_PATH) ? given.slice(0, -GROQ_API_PATH.length) : given;
  const common: OpenAICompatibleModelConfig = {
    provider: 'groq',
    client: createGroqClient({ ...parsed, baseURL }),
    errors: groqErrors,
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
