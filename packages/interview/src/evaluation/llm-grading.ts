import {
  InvalidOutputError,
  type LLM,
  type LlmMessage,
  type LlmOutputSpec,
  VendorError,
} from '@bot-backend/interfaces';
import type { FallbackReason } from './evaluation-schemas.js';

export type LlmGrade<T> =
  | { ok: true; output: T; model: string }
  | { ok: false; reason: FallbackReason; error: unknown };

export interface LlmGradingOptions {
  model: string;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/**
 * One structured-output call. Refusals, content filters and output that is
 * still invalid after the provider's one repair become a fallback reason
 * (rule 8), as do other vendor failures, so the rubric can answer instead.
 * A cancelled call is rethrown: the caller gave up, nobody wants a grade.
 */
export async function gradeWithLlm<T>(
  llm: LLM,
  messages: readonly LlmMessage[],
  output: LlmOutputSpec<T>,
  options: LlmGradingOptions,
): Promise<LlmGrade<T>> {
  try {
    const result = await llm.complete<T>(
      { messages, model: options.model, temperature: 0, maxTokens: 600, output },
      { signal: options.signal, timeoutMs: options.timeoutMs },
    );
    if (result.finishReason === 'content_filter') {
      return { ok: false, reason: 'content_filter', error: new Error('finish_reason content_filter') };
    }
    return { ok: true, output: result.object, model: result.model };
  } catch (error) {
    if (InvalidOutputError.isInstance(error)) return { ok: false, reason: 'invalid_output', error };
    if (VendorError.isInstance(error)) {
      if (error.kind === 'cancelled') throw error;
      if (error.kind === 'content_filter') {
        return { ok: false, reason: /refus/iu.test(error.message) ? 'refusal' : 'content_filter', error };
      }
      return { ok: false, reason: 'llm_error', error };
    }
    throw error;
  }
}
