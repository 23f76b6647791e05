import { type OpenAICompatibleModelConfig, withoutTrailingSlash } from '@bot-backend/openai-compatible';
import type OpenAI from 'openai';
import { createOpenAIClient, openAIErrors } from './openai-client.js';
import { OpenAILlm, openAILlmConfig } from './openai-llm.js';
import {
  OPENAI_DEFAULT_CHAT_MODEL,
  OPENAI_DEFAULT_MODERATION_MODEL,
  OPENAI_DEFAULT_SPEECH_MODEL,
  OPENAI_DEFAULT_TRANSCRIPTION_MODEL,
  OPENAI_DEFAULT_VOICE,
  openAISpeechInstructions,
  openAITranscriptionWordTimings,
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
 * validated and resolved here, once; the model classes get the resolved config.
 */
export function createOpenAI(settings: OpenAISettings): OpenAIProvider {
  const parsed = openAISettingsSchema.parse(settings);
  const baseURL = withoutTrailingSlash(parsed.baseURL ?? OPENAI_DEFAULT_BASE_URL);
  const common: OpenAICompatibleModelConfig<OpenAI> = {
    provider: parsed.name ?? 'openai',
    client: createOpenAIClient({ ...parsed, baseURL }),
    errors: openAIErrors,
    timeoutMs: parsed.timeoutMs,
  };
  const officialEndpoint = new URL(baseURL).hostname === 'api.openai.com';
  return {
    name: common.provider,
    baseURL,
    llm: (modelId = parsed.defaultModel ?? OPENAI_DEFAULT_CHAT_MODEL, options = {}) =>
      new OpenAILlm(modelId, openAILlmConfig(common, officialEndpoint, options)),
    moderation: (modelId = OPENAI_DEFAULT_MODERATION_MODEL) => new OpenAIModeration(modelId, common),
    stt: (modelId = OPENAI_DEFAULT_TRANSCRIPTION_MODEL) =>
      new OpenAIStt(modelId, { ...common, wordTimings: openAITranscriptionWordTimings }),
    tts: (modelId = OPENAI_DEFAULT_SPEECH_MODEL, options = {}) =>
      new OpenAITts(modelId, {
        ...common,
        voice: options.voice ?? OPENAI_DEFAULT_VOICE,
        instructions: options.instructions,
        acceptsInstructions: openAISpeechInstructions,
      }),
  };
}
