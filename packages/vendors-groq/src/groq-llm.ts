import {
  OpenAICompatibleLlm,
  type OpenAICompatibleLlmConfig,
  type OpenAICompatibleModelConfig,
} from '@bot-backend/openai-compatible';
import { groqChatDialect } from './groq-dialect.js';
import { groqStructuredOutputs } from './groq-models.js';
import { type GroqLlmOptions, groqLlmOptionsSchema } from './groq-options.js';

export type GroqLlmConfig = OpenAICompatibleLlmConfig;

/** The chat config of one Groq model: its options resolved once, here, against the catalogue. */
export function groqLlmConfig(
  common: OpenAICompatibleModelConfig,
  options: GroqLlmOptions = {},
): GroqLlmConfig {
  const parsed = groqLlmOptionsSchema.parse(options);
  const extraBody: Record<string, unknown> = {
    reasoning_format: parsed.reasoningFormat,
    reasoning_effort: parsed.reasoningEffort,
    service_tier: parsed.serviceTier,
    user: parsed.user,
  };
  return {
    ...common,
    capabilities: (modelId) => ({
      structuredOutputs: parsed.structuredOutputs ?? groqStructuredOutputs(modelId),
      temperature: true,
    }),
    maxTokensParameter: 'max_completion_tokens',
    // Groq has refused `stream_options` before, and reports stream usage in `x_groq` without it.
    includeStreamUsage: false,
    extraBody: Object.fromEntries(Object.entries(extraBody).filter(([, value]) => value !== undefined)),
    dialect: groqChatDialect,
  };
}

/** Chat completions on Groq (`/openai/v1/chat/completions`), the core's under Groq's name. */
export class GroqLlm extends OpenAICompatibleLlm {}
