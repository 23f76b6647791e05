import type { CallOptions, Moderator } from '@bot-backend/interfaces';
import { VendorError } from '@bot-backend/interfaces';
import type { FallbackReason } from './evaluation-schemas.js';

export type ModerationOutcome =
  | { ok: true; categories: readonly string[] }
  | { ok: false; reason: FallbackReason };

/**
 * The answer goes through moderation before an LLM sees it, as the original
 * did. Flagged, or moderation unavailable: the rubric grades instead (the
 * answer is still graded, never refused). No moderator configured: go ahead.
 */
export async function moderate(
  moderator: Moderator | undefined,
  text: string,
  options: CallOptions,
): Promise<ModerationOutcome> {
  if (!moderator) return { ok: true, categories: [] };
  try {
    const result = await moderator.moderate(text, { signal: options.signal, timeoutMs: options.timeoutMs });
    return result.flagged
      ? { ok: false, reason: 'moderation_flagged' }
      : { ok: true, categories: result.categories };
  } catch (error) {
    if (VendorError.isInstance(error) && error.kind === 'cancelled') throw error;
    if (!VendorError.isInstance(error)) throw error;
    return { ok: false, reason: 'moderation_failed' };
  }
}
