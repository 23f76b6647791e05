import {
  OpenAICompatibleLlm,
  type OpenAICompatibleLlmConfig,
  type OpenAICompatibleModelConfig,
} from '@bot-backend/openai-compatible';
import { isOpenAIReasoningModel } from './openai-models.js';
import { type OpenAILlmOptions, openAILlmOptionsSchema } from './openai-options.js';

export type OpenAILlmConfig = OpenAICompatibleLlmConfig;

/**
 * The chat config of one model: its options resolved once, here, against the
 * endpoint (api.openai.com itself, or a compatible server) and the catalogue.
 */
export function openAILlmConfig(
  common: OpenAICompatibleModelConfig,
  officialEndpoint: boolean,
  options: OpenAILlmOptions = {},
): OpenAILlmConfig {
  const parsed = openAILlmOptionsSchema.parse(options);
  return {
    ...common,
    capabilities: (modelId) => ({
      // Every catalogued OpenAI model takes strict Structured Outputs; a compatible server gets what it is told.
      structuredOutputs: parsed.structuredOutputs ?? 'strict',
      temperature: !isOpenAIReasoningModel(modelId),
    }),
    maxTokensParameter:
      parsed.maxTokensParameter ?? (officialEndpoint ? 'max_completion_tokens' : 'max_tokens'),
    includeStreamUsage: parsed.streamUsage ?? true,
    extraBody: {
      ...(parsed.reasoningEffort !== undefined ? { reasoning_effort: parsed.reasoningEffort } : {}),
      ...(parsed.user !== undefined ? { user: parsed.user } : {}),
    },
  };
}

/** Chat completions on OpenAI or any compatible server (the core's, under OpenAI's name). */
export class OpenAILlm extends OpenAICompatibleLlm {}
