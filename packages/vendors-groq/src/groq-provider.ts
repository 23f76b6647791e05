import Groq from 'groq-sdk';
import { GroqLlm } from './groq-llm.js';
import { GROQ_DEFAULT_CHAT_MODEL, GROQ_DEFAULT_TRANSCRIPTION_MODEL } from './groq-models.js';
import {
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
  readonly baseURL: string;
  /** Chat LLM; the model defaults to settings.defaultModel, then `llama-3.3-70b-versatile`. */
  llm(modelId?: GroqChatModelId, options?: GroqLlmOptions): GroqLlm;
  /** Whisper, whole utterances with word timings; `whisper-large-v3-turbo` by default. */
  stt(modelId?: GroqTranscriptionModelId): GroqStt;
}

/** Groq through the official groq-sdk. Settings are validated here; nothing is read from the environment. */
export function createGroq(settings: GroqSettings): GroqProvider {
  const parsed = groqSettingsSchema.parse(settings);
  const baseURL = (parsed.baseURL ?? GROQ_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const client = new Groq({
    apiKey: parsed.apiKey,
    // Explicit, so the SDK does not read GROQ_BASE_URL.
    baseURL,
    // One retry policy, ours (the factory's); the SDK's hidden retries would double it.
    maxRetries: 0,
    // The SDK would log unparsable stream lines, which hold model output (personal data).
    logLevel: 'off',
    ...(parsed.fetch ? { fetch: parsed.fetch } : {}),
    ...(parsed.headers ? { defaultHeaders: parsed.headers } : {}),
  });
  return {
    name: 'groq',
    baseURL,
    llm: (modelId, options) =>
      new GroqLlm({
        client,
        modelId: modelId ?? parsed.defaultModel ?? GROQ_DEFAULT_CHAT_MODEL,
        timeoutMs: parsed.timeoutMs,
        options,
      }),
    stt: (modelId) =>
      new GroqStt({
        client,
        modelId: modelId ?? GROQ_DEFAULT_TRANSCRIPTION_MODEL,
        timeoutMs: parsed.timeoutMs,
      }),
  };
}
