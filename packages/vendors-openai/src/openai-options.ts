import { z } from 'zod';

/** Chat models we know; any other id an OpenAI-compatible server accepts works too. */
export type OpenAIChatModelId =
  | 'gpt-4o-mini'
  | 'gpt-4o'
  | 'gpt-4.1'
  | 'gpt-4.1-mini'
  | 'gpt-4.1-nano'
  | 'gpt-5'
  | 'gpt-5-mini'
  | 'gpt-5-nano'
  | 'o3'
  | 'o4-mini'
  | (string & {});

export type OpenAIModerationModelId = 'omni-moderation-latest' | 'text-moderation-latest' | (string & {});

export type OpenAITranscriptionModelId =
  | 'whisper-1'
  | 'gpt-4o-transcribe'
  | 'gpt-4o-mini-transcribe'
  | (string & {});

export type OpenAISpeechModelId = 'gpt-4o-mini-tts' | 'tts-1' | 'tts-1-hd' | (string & {});

export type OpenAIVoice =
  | 'alloy'
  | 'ash'
  | 'ballad'
  | 'coral'
  | 'echo'
  | 'fable'
  | 'onyx'
  | 'nova'
  | 'sage'
  | 'shimmer'
  | 'verse'
  | 'marin'
  | 'cedar'
  | (string & {});

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Provider settings: everything comes in here, nothing is read from the environment. */
export const openAISettingsSchema = z.strictObject({
  apiKey: z.string().min(1, 'apiKey is required'),
  /** Any OpenAI-compatible server (Ollama, vLLM, llama.cpp), path prefix included, e.g. `http://localhost:11434/v1`. */
  baseURL: z.url().optional(),
  organization: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
  /** A fetch implementation (tests, proxies). */
  fetch: z
    .custom<typeof fetch>((value) => typeof value === 'function', 'fetch must be a function')
    .optional(),
  /** Chat model used when a call names none. */
  defaultModel: z.string().min(1).optional(),
  /** First-byte timeout for every call, unless a call gives its own. */
  timeoutMs: z.number().int().positive().optional(),
  /** Name reported as `provider` (e.g. `ollama` for a compatible server); default `openai`. */
  name: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string()).optional(),
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

/** The fields we read from a chat completion; lenient, since compatible servers omit some. */
export const chatCompletionResponseSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z
    .object({
      prompt_tokens: z.number().nullish(),
      completion_tokens: z.number().nullish(),
      total_tokens: z.number().nullish(),
    })
    .nullish(),
});

/** The fields we read from one stream chunk. */
export const chatCompletionChunkSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: chatCompletionResponseSchema.shape.usage,
});

export const moderationResponseSchema = z.object({
  model: z.string().nullish(),
  results: z
    .array(
      z.object({
        flagged: z.boolean(),
        categories: z.record(z.string(), z.boolean().nullish()).nullish(),
      }),
    )
    .min(1),
});
