import type { LlmFinishReason, LlmUsage } from './llm-usage.js';

export interface LlmResult<T = undefined> {
  text: string;
  /** The validated structured output, when the request carried `output`. */
  object: T;
  usage: LlmUsage;
  finishReason: LlmFinishReason;
  /** The model that actually answered (vendors may resolve aliases). */
  model: string;
  /** The provider that answered, which differs from the caller's first choice after a fallback. */
  provider: string;
  /** Options the provider could not honour. */
  warnings: readonly string[];
}
