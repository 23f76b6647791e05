import type { LlmMessage } from './llm-message.js';
import type { LlmOutputSpec } from './llm-output.js';

export interface LlmRequest<T = unknown> {
  messages: readonly LlmMessage[];
  /** Overrides the provider's default model for this call. */
  model?: string | undefined;
  temperature?: number | undefined;
  maxTokens?: number | undefined;
  stop?: readonly string[] | undefined;
  seed?: number | undefined;
  output?: LlmOutputSpec<T> | undefined;
}
