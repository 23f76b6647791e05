import type { LLM, Moderator } from '@bot-backend/interfaces';

/** What an evaluation may use. With neither `llm` nor `moderator` it is the offline rubric. */
export interface EvaluationOptions {
  llm?: LLM | undefined;
  moderator?: Moderator | undefined;
  /** FEEDBACK_MODEL; defaults to DEFAULT_FEEDBACK_MODEL. */
  model?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Per vendor call. */
  timeoutMs?: number | undefined;
  /** Fixes the prompt's delimiter nonce (tests only). */
  nonce?: string | undefined;
}

/**
 * When text aimed at the grader was found, the LLM (which only ever sees the
 * answer without it) is trusted at most this far above the rubric, and the
 * result loses NON_ANSWER_PENALTY: trying to game the grader never pays.
 */
export const LLM_MARGIN_OVER_RUBRIC = 2;
export const NON_ANSWER_PENALTY = 1;
