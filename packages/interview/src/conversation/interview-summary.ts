import type { AnchorLevel, RatingScale } from '../evaluation/rating-scale.js';
import type { PhaseName } from '../planning/plan-schema.js';

/** A stretch of the transcript that a score rests on (session clock, ms). */
export interface EvidenceSpan {
  speaker: 'interviewer' | 'candidate';
  startMs: number;
  endMs: number;
  text: string;
  /** Interviewer lines that asked a follow-up. */
  kind?: 'follow_up' | undefined;
  /** A follow-up's quote of the candidate's words. */
  refersTo?: string | undefined;
}

/** How a follow-up came to be asked, and what it refers to. */
export interface FollowUpRecord {
  kind: 'follow_up';
  /** The main question it follows. */
  parentQuestionId: string;
  /** llm: proposed by the LLM and checked; missed_point: the offline follow-up. */
  source: 'llm' | 'missed_point';
  /** The candidate's own words it asks about, and the answer span they were said in. */
  refersTo?: { quote: string; span: EvidenceSpan } | undefined;
  /** The expected point the answer missed, which it targets. */
  missedPoint?: string | undefined;
  /** Why the LLM's proposal was set aside (there was an LLM, and this is the fallback). */
  rejected?: string | undefined;
}

export interface QuestionOutcome {
  questionId: string;
  phase: PhaseName;
  kind: 'verbal' | 'code';
  question: string;
  answer: string;
  /** Null when not graded: warm-up and closing answers, or no answer. */
  score: number | null;
  /** False for warm-up (intro) and closing (wrap_up) answers: shown, never graded. */
  graded: boolean;
  /** The rating scale the score is read against, and the anchor it reaches (null below 2). */
  scale?: RatingScale | undefined;
  anchor?: AnchorLevel | null | undefined;
  /** Text aimed at the grader that was set aside and earned nothing. */
  setAside?: Array<{ kind: string; excerpt: string }> | undefined;
  feedback: string;
  evaluator: 'llm' | 'rubric' | null;
  gates: Record<string, boolean | undefined>;
  evidence: EvidenceSpan[];
  /** Set when the question was a follow-up. */
  followUp?: FollowUpRecord | undefined;
  /** Code answers: what was submitted and how its tests went. */
  code?: { language: string; source: string; passed?: number; total?: number } | undefined;
}

/** The end-of-interview report, returned to the client and posted to user-management. */
export interface InterviewSummary {
  sessionId: string;
  planId: string;
  role: string;
  experienceLevel: string;
  format: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  endedBy: 'plan_complete' | 'time_up' | 'candidate' | 'limit' | 'disconnect';
  questions: QuestionOutcome[];
  /** Mean of the assessed answers (technical, coding, behavioral), 0–10 with one decimal; null when none was scored. */
  overallScore: number | null;
  strengths: string[];
  improvements: string[];
  /** Which evaluator and prompt versions produced the scores. */
  versions: { rubric: string; prompt: string };
  transcript: EvidenceSpan[];
}
