import type { VendorError } from '../errors/vendor-error.js';
import type { LlmFinishReason, LlmUsage } from './llm-usage.js';

/**
 * An LLM stream yields text deltas, then exactly one `finish` part, or an
 * `error` part and nothing after it. A stream never throws.
 */
export type LlmStreamPart =
  | { type: 'text-delta'; delta: string }
  | { type: 'finish'; usage: LlmUsage; finishReason: LlmFinishReason; model: string; provider: string }
  | { type: 'error'; error: VendorError };
