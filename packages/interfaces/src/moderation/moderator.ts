import type { CallOptions } from '../call-options.js';

export interface ModerationResult {
  flagged: boolean;
  /** Names of the categories that fired. */
  categories: readonly string[];
  model: string;
}

/** A content-moderation endpoint, consulted by the evaluator before grading. */
export interface Moderator {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  moderate(text: string, options?: CallOptions): Promise<ModerationResult>;
}
