import type { PhaseName, PlanQuestion } from '../planning/plan-schema.js';
import type { FollowUpRecord } from './interview-summary.js';

/** The question the candidate is answering now. */
export interface CurrentQuestion {
  questionId: string;
  followUpIndex?: number | undefined;
  phase: PhaseName;
  question: PlanQuestion;
  /** What was actually asked (the follow-up's text for a follow-up). */
  text: string;
  askedAt: number;
  /** Set for a follow-up: where it came from and what it refers to. */
  followUp?: FollowUpRecord | undefined;
}

/** A submitted code answer. */
export interface CodeAnswer {
  code: string;
  language: import('../planning/plan-schema.js').CodingLanguage;
}
