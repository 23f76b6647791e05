import OpenAI from 'openai';
import { OpenAILlm } from './openai-llm.js';
import {
  OPENAI_DEFAULT_CHAT_MODEL,
  OPENAI_DEFAULT_MODERATION_MODEL,
  OPENAI_DEFAULT_SPEECH_MODEL,
  OPENAI_DEFAULT_TRANSCRIPTION_MODEL,
} from './openai-models.js';
import { OpenAIModeration } from './openai-moderation.js';
import {
  OPENAI_DEFAULT_BASE_URL,
  type OpenAIChatModelId,
  type OpenAILlmOptions,
  type OpenAIModerationModelId,
  type OpenAISettings,
  type OpenAISpeechModelId,
  type OpenAITranscriptionModelId,
  type OpenAIVoice,
  openAISettingsSchema,
} from './openai-options.js';
import { OpenAIStt } from './openai-stt.js';
import { OpenAITts } from './openai-tts.js';

export interface OpenAITtsOptions {
  voice?: OpenAIVoice | undefined;
  /** Style instructions (gpt-4o-mini-tts only). */
  instructions?: string | undefined;
}

export interface OpenAIProvider {
  /** `openai`, or the name given in settings for a compatible server. */
  readonly name: string;
  readonly baseURL: string;
  /** Chat LLM; the model defaults to settings.defaultModel, then the catalogue's default (openai-models.ts). */
  llm(modelId?: OpenAIChatModelId, options?: OpenAILlmOptions): OpenAILlm;
  moderation(modelId?: OpenAIModerationModelId): OpenAIModeration;
  /** Whole-utterance transcription; `whisper-1` (word timings) by default. */
  stt(modelId?: OpenAITranscriptionModelId): OpenAIStt;
  /** Speech as 24 kHz PCM, converted to the rate each call asks for; `gpt-4o-mini-tts` by default. */
  tts(modelId?: OpenAISpeechModelId, options?: OpenAITtsOptions): OpenAITts;
}

/**
 * OpenAI, or any OpenAI-compatible server through `baseURL`. Settings are
 * validated here; nothing is read from the environment.
 */
export function createOpenAI(settings: OpenAISettings): OpenAIProvider {
  const parsed = openAISettingsSchema.parse(settings);
  const baseURL = (parsed.baseURL ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const name = parsed.name ?? 'openai';
  const client = new OpenAI({
    apiKey: parsed.apiKey,
    // Explicit values (null included) keep the SDK from reading OPENAI_* variables.
    baseURL,
    organization: parsed.organization ?? null,
    project: parsed.project ?? null,
    webhookSecret: null,
    // One retry policy, ours (the factory's); the SDK's hidden retries would double it.
    maxRetries: 0,
    // The SDK would log unparsable stream lines, which hold model output (personal data).
    logLevel: 'off',
    ...(parsed.fetch ? { fetch: parsed.fetch } : {}),
    ...(parsed.headers ? { defaultHeaders: parsed.headers } : {}),
  });
  const officialEndpoint = new URL(baseURL).hostname === 'api.openai.com';
  return {
    name,
    baseURL,
    llm: (modelId, options) =>
      new OpenAILlm({
        client,
        modelId: modelId ?? parsed.defaultModel ?? OPENAI_DEFAULT_CHAT_MODEL,
        provider: name,
        officialEndpoint,
        timeoutMs: parsed.timeoutMs,
        options,
      }),
    moderation: (modelId) =>
      new OpenAIModeration({
        client,
        modelId: modelId ?? OPENAI_DEFAULT_MODERATION_MODEL,
        provider: name,
        timeoutMs: parsed.timeoutMs,
      }),
    stt: (modelId) =>
      new OpenAIStt({
        client,
        modelId: modelId ?? OPENAI_DEFAULT_TRANSCRIPTION_MODEL,
        provider: name,
        timeoutMs: parsed.timeoutMs,
      }),
    tts: (modelId, options = {}) =>
      new OpenAITts({
        client,
        modelId: modelId ?? OPENAI_DEFAULT_SPEECH_MODEL,
        provider: name,
        voice: options.voice,
        instructions: options.instructions,
        timeoutMs: parsed.timeoutMs,
      }),
  };
}
