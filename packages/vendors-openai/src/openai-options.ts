import { openAICompatibleSettingsShape } from '@bot-backend/openai-compatible';
import { z } from 'zod';
import type {
  openAIChatModels,
  openAISpeechModels,
  openAITranscriptionModels,
  openAIVoices,
} from './openai-models.js';

// The ids the catalogue (openai-models.ts) knows; any other id an OpenAI-compatible server accepts works too.
export type OpenAIChatModelId = keyof typeof openAIChatModels | (string & {});
export type OpenAIModerationModelId = 'omni-moderation-latest' | 'text-moderation-latest' | (string & {});
export type OpenAITranscriptionModelId = keyof typeof openAITranscriptionModels | (string & {});
export type OpenAISpeechModelId = keyof typeof openAISpeechModels | (string & {});
export type OpenAIVoice = (typeof openAIVoices)[number] | (string & {});

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Provider settings: everything comes in here, nothing is read from the environment. */
export const openAISettingsSchema = z.strictObject({
  ...openAICompatibleSettingsShape,
  /** Any OpenAI-compatible server (Ollama, vLLM, llama.cpp), path prefix included, e.g. `http://localhost:11434/v1`. */
  baseURL: z.url().optional(),
  organization: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
  /** Name reported as `provider` (e.g. `ollama` for a compatible server); default `openai`. */
  name: z.string().min(1).optional(),
});

export type OpenAISettings = z.input<typeof openAISettingsSchema>;

/** Per-model options of the chat LLM. */
export const openAILlmOptionsSchema = z.strictObject({
  /**
   * How structured output is requested: `strict` JSON schema (OpenAI), a non-strict
   * `json_schema` (most compatible servers), or `json_object` with the schema in the prompt.
   */
  structuredOutputs: z.enum(['strict', 'json_schema', 'json_object']).optional(),
  /**
   * Name of the token-limit field. OpenAI wants `max_completion_tokens`; many
   * compatible servers only know `max_tokens`. Default: the former on api.openai.com, the latter elsewhere.
   */
  maxTokensParameter: z.enum(['max_completion_tokens', 'max_tokens']).optional(),
  /** Ask for the usage chunk at the end of a stream (`stream_options.include_usage`). Default true. */
  streamUsage: z.boolean().optional(),
  reasoningEffort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
  /** End-user id for the vendor's abuse monitoring. */
  user: z.string().min(1).optional(),
});

export type OpenAILlmOptions = z.input<typeof openAILlmOptionsSchema>;

const moderationResult = z.object({
  flagged: z.boolean(),
  categories: z.record(z.string(), z.boolean().nullish()).nullish(),
});

/** The fields we read from a moderation. */
export const moderationResponseSchema = z.object({
  model: z.string().nullish(),
  results: z.array(moderationResult).min(1),
});
