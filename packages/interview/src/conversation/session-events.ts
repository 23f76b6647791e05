import type { PhaseName } from '../planning/plan-schema.js';

export type Speaker = 'interviewer' | 'candidate';

/** Per-turn latency figures (ms), as the voice loop measured them. */
export interface SessionTurnMetrics {
  turnId: string;
  sttMs: number | undefined;
  llmFirstTokenMs: number | undefined;
  ttsFirstByteMs: number | undefined;
  firstAudioMs: number | undefined;
  /**
   * The LLM's follow-up proposal this reply waited for (request → parsed answer), when one was asked:
   * a reply with fixed words after it has no line call, so its first audio follows the whole proposal.
   */
  followUpProposalMs?: number | undefined;
}

export interface AnswerEvaluationEvent {
  questionId: string;
  score: number;
  /** False for warm-up and closing answers: the score is advisory and counts nowhere. */
  graded?: boolean | undefined;
  scale?: import('../evaluation/rating-scale.js').RatingScale | undefined;
  anchor?: 2 | 5 | 8 | 10 | null | undefined;
  feedback: string;
  evaluator: 'llm' | 'rubric';
  gates: Record<string, boolean | undefined>;
}

/**
 * What an interview session tells its transport (the /ws/voice socket, the
 * LiveKit room). Audio goes to the session's AudioSink, not through here.
 */
export type SessionEvent =
  | { type: 'session'; sessionId: string; phase: PhaseName; planId: string; planner: 'llm' | 'bank' }
  | { type: 'phase'; phase: PhaseName }
  | {
      type: 'transcript';
      role: Speaker;
      text: string;
      final: boolean;
      phase: PhaseName;
      turnId: string;
      /** Session clock, ms; present on finals. */
      startMs?: number | undefined;
      endMs?: number | undefined;
      /** An interviewer line cut by barge-in: `text` is what was heard. */
      interrupted?: boolean | undefined;
      /** An interviewer line that asked a follow-up (finals only). */
      kind?: 'follow_up' | undefined;
      /** The candidate's words the follow-up quotes, or the missed point it targets. */
      refersTo?: string | undefined;
      missedPoint?: string | undefined;
    }
  | ({ type: 'metrics' } & SessionTurnMetrics)
  | ({ type: 'evaluation' } & AnswerEvaluationEvent)
  | { type: 'summary'; summary: import('./interview-summary.js').InterviewSummary }
  | { type: 'error'; code: string; message: string; fatal: boolean };
