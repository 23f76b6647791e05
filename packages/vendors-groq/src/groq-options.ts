import { z } from 'zod';

/** Chat models we know on Groq; any other id Groq serves works too. */
export type GroqChatModelId =
  | 'llama-3.3-70b-versatile'
  | 'llama-3.1-8b-instant'
  | 'openai/gpt-oss-120b'
  | 'openai/gpt-oss-20b'
  | 'meta-llama/llama-4-scout-17b-16e-instruct'
  | 'meta-llama/llama-4-maverick-17b-128e-instruct'
  | 'moonshotai/kimi-k2-instruct-0905'
  | 'qwen/qwen3-32b'
  | (string & {});

export type GroqTranscriptionModelId = 'whisper-large-v3' | 'whisper-large-v3-turbo' | (string & {});

/** groq-sdk's base URL has no path: each resource adds `/openai/v1/...`. */
export const GROQ_DEFAULT_BASE_URL = 'https://api.groq.com';

/** Provider settings: everything comes in here, nothing is read from the environment. */
export const groqSettingsSchema = z.strictObject({
  apiKey: z.string().min(1, 'apiKey is required'),
  /** Origin only (no `/openai/v1`), e.g. a proxy in front of Groq. */
  baseURL: z.url().optional(),
  fetch: z
    .custom<typeof fetch>((value) => typeof value === 'function', 'fetch must be a function')
    .optional(),
  /** Chat model used when a call names none. */
  defaultModel: z.string().min(1).optional(),
  /** First-byte timeout for every call, unless a call gives its own. */
  timeoutMs: z.number().int().positive().optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

export type GroqSettings = z.input<typeof groqSettingsSchema>;

/** Per-model options of the chat LLM. */
export const groqLlmOptionsSchema = z.strictObject({
  /**
   * How structured output is requested: `json_schema` (non-strict), `strict`
   * JSON schema (only some Groq models accept it), or `json_object` with the schema in the prompt.
   * Default: by the model catalogue (groq-models.ts), json_schema where Groq lists it, else json_object.
   */
  structuredOutputs: z.enum(['json_schema', 'strict', 'json_object']).optional(),
  reasoningFormat: z.enum(['hidden', 'raw', 'parsed']).optional(),
  reasoningEffort: z.enum(['none', 'default', 'low', 'medium', 'high']).optional(),
  serviceTier: z.enum(['auto', 'on_demand', 'flex', 'performance']).optional(),
  user: z.string().min(1).optional(),
});

export type GroqLlmOptions = z.input<typeof groqLlmOptionsSchema>;

const usageSchema = z
  .object({
    prompt_tokens: z.number().nullish(),
    completion_tokens: z.number().nullish(),
    total_tokens: z.number().nullish(),
  })
  .nullish();

/** The fields we read from a chat completion. */
export const groqCompletionResponseSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema,
});

/** The fields we read from one stream chunk; Groq reports stream usage under `x_groq`. */
export const groqCompletionChunkSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema,
  x_groq: z.object({ usage: usageSchema, error: z.string().nullish() }).nullish(),
});
