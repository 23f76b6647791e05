import type { StructuredOutputMode } from '@bot-backend/openai-compatible';

/**
 * The one catalogue of Groq models this package knows: defaults and what each
 * id supports. Checked against console.groq.com/docs/models and
 * console.groq.com/docs/structured-outputs ("Supported models": strict mode on
 * openai/gpt-oss-20b and -120b; best-effort json_schema on the Llama 4 and Kimi K2
 * models; every other chat model has JSON mode only) and
 * console.groq.com/docs/speech-to-text (whisper-large-v3, -turbo).
 */
export const GROQ_MODELS_CHECKED = '2026-12-01';

export interface GroqChatModelInfo {
  streaming: boolean;
  /** `response_format: {type: 'json_schema'}` is accepted (else Groq answers 400). */
  jsonSchema: boolean;
  /** `json_schema` with `strict: true` (constrained decoding). */
  strictJsonSchema: boolean;
  /** `response_format: {type: 'json_object'}` (the messages must mention JSON). */
  jsonObject: boolean;
}

const model = (jsonSchema: boolean, strictJsonSchema = false): GroqChatModelInfo => ({
  streaming: true,
  jsonSchema,
  strictJsonSchema,
  jsonObject: true,
});

export const groqChatModels = {
  'llama-3.3-70b-versatile': model(false),
  'llama-3.1-8b-instant': model(false),
  'openai/gpt-oss-120b': model(true, true),
  'openai/gpt-oss-20b': model(true, true),
  'meta-llama/llama-4-scout-17b-16e-instruct': model(true),
  'meta-llama/llama-4-maverick-17b-128e-instruct': model(true),
  'moonshotai/kimi-k2-instruct-0905': model(true),
  'qwen/qwen3-32b': model(false),
} as const satisfies Record<string, GroqChatModelInfo>;

export interface GroqTranscriptionModelInfo {
  streaming: boolean;
  wordTimestamps: boolean;
}

export const groqTranscriptionModels = {
  'whisper-large-v3-turbo': { streaming: false, wordTimestamps: true },
  'whisper-large-v3': { streaming: false, wordTimestamps: true },
} as const satisfies Record<string, GroqTranscriptionModelInfo>;

/** Fast and listed for production; its structured output goes through JSON mode. */
export const GROQ_DEFAULT_CHAT_MODEL = 'llama-3.3-70b-versatile';
export const GROQ_DEFAULT_TRANSCRIPTION_MODEL = 'whisper-large-v3-turbo';

const has = <K extends string>(table: Record<K, unknown>, id: string): id is K => Object.hasOwn(table, id);

/** What a chat model supports; undefined for an id this catalogue does not list. */
export function groqChatModel(id: string): GroqChatModelInfo | undefined {
  return has(groqChatModels, id) ? groqChatModels[id] : undefined;
}

/** Is this an id Groq serves (any capability)? Used to spot another vendor's model. */
export function isGroqModelId(id: string): boolean {
  return has(groqChatModels, id) || has(groqTranscriptionModels, id);
}

/**
 * How structured output is asked of a Groq model: strict where Groq lists strict mode,
 * json_schema where it lists best-effort json_schema, JSON mode elsewhere (json_schema
 * there is a 400 "does not support response format `json_schema`").
 */
export function groqStructuredOutputs(id: string): StructuredOutputMode {
  const info = groqChatModel(id);
  if (info?.strictJsonSchema) return 'strict';
  return info?.jsonSchema ? 'json_schema' : 'json_object';
}

/** Groq serves Whisper only, with word timings in verbose_json. */
export const groqTranscriptionWordTimings = (id: string): boolean =>
  has(groqTranscriptionModels, id) ? groqTranscriptionModels[id].wordTimestamps : id.startsWith('whisper');
