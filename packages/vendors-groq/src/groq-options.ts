import { openAICompatibleSettingsShape } from '@bot-backend/openai-compatible';
import { z } from 'zod';
import type { groqChatModels, groqTranscriptionModels } from './groq-models.js';

// The ids the catalogue (groq-models.ts) knows; any other id Groq serves works too.
export type GroqChatModelId = keyof typeof groqChatModels | (string & {});
export type GroqTranscriptionModelId = keyof typeof groqTranscriptionModels | (string & {});

/** Groq's origin; its OpenAI-compatible API is under `/openai/v1` (console.groq.com/docs/openai). */
export const GROQ_DEFAULT_BASE_URL = 'https://api.groq.com';
/** The path of Groq's OpenAI-compatible API under its origin. */
export const GROQ_API_PATH = '/openai/v1';

/** Provider settings: everything comes in here, nothing is read from the environment. */
export const groqSettingsSchema = z.strictObject({
  ...openAICompatibleSettingsShape,
  /** Groq's origin, e.g. a proxy in front of Groq; `/openai/v1` is added unless the URL already ends with it. */
  baseURL: z.url().optional(),
});

export type GroqSettings = z.input<typeof groqSettingsSchema>;

/** Per-model options of the chat LLM. */
export const groqLlmOptionsSchema = z.strictObject({
  /**
   * How structured output is requested: `strict` JSON schema, `json_schema` (non-strict),
   * or `json_object` with the schema in the prompt. Default: by the model catalogue
   * (groq-models.ts): strict where Groq lists it, else json_schema where listed, else json_object.
   */
  structuredOutputs: z.enum(['json_schema', 'strict', 'json_object']).optional(),
  reasoningFormat: z.enum(['hidden', 'raw', 'parsed']).optional(),
  reasoningEffort: z.enum(['none', 'default', 'low', 'medium', 'high']).optional(),
  serviceTier: z.enum(['auto', 'on_demand', 'flex', 'performance']).optional(),
  user: z.string().min(1).optional(),
});

export type GroqLlmOptions = z.input<typeof groqLlmOptionsSchema>;
