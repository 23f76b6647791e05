export { buildSummary, RUBRIC_VERSION } from './build-summary.js';
export { type WarmUpResult, warmUpInterviewEngine } from './engine-warm-up.js';
export { createInterviewSession } from './interview-session.js';
export type {
  DeliveryOutcome,
  InterviewSession,
  InterviewSessionOptions,
} from './interview-session-options.js';
export type { EvidenceSpan, FollowUpRecord, InterviewSummary, QuestionOutcome } from './interview-summary.js';
export { INTERVIEWER_PROMPT_VERSION } from './interviewer-lines.js';
export type { AnswerEvaluationEvent, SessionEvent, SessionTurnMetrics, Speaker } from './session-events.js';
