export { AsyncQueue } from './async-queue.js';
export { classifyInterruption, endsWithThinking, type InterruptionKind } from './backchannel.js';
export { CandidateListener, type CandidateListenerOptions } from './candidate-listener.js';
export { type CandidateTurn, EndOfTurnDetector, type EndOfTurnEvents } from './end-of-turn-detector.js';
export { HeardText } from './heard-text.js';
export type { InterviewPhase } from './interview-phase.js';
export { Playout } from './playout.js';
export { SentenceChunker, type SentenceChunkerOptions } from './sentence-chunker.js';
export { steadyNow } from './steady-clock.js';
export {
  type SentenceFilter,
  type StreamedTurn,
  type StreamedTurnInput,
  type StreamedTurnResult,
  startStreamedTurn,
} from './streamed-turn.js';
export { TurnClock, type TurnMetrics } from './turn-metrics.js';
export {
  defaultTurnSettings,
  type PhaseTurnSettings,
  phaseTurnSettingsSchema,
  type TurnSettings,
  turnSettingsSchema,
} from './turn-settings.js';
export {
  type Completeness,
  type CompletenessOptions,
  type CompletenessReason,
  normalizeSpoken,
  scoreCompleteness,
} from './turn-taking/completeness-score.js';
export { EndOfTurnPolicy, type EndOfTurnPolicyOptions } from './turn-taking/end-of-turn-policy.js';
export {
  decideEndOfTurn,
  defaultEndOfTurnPolicySettings,
  type EndOfTurnDecision,
  type EndOfTurnInput,
  type EndOfTurnPolicySettings,
  endOfTurnPolicySettingsSchema,
  silenceToEndTurnMs,
} from './turn-taking/end-of-turn-wait.js';
export { type AgentSpeech, TurnTaking, type TurnTakingEvents, type TurnTiming } from './turn-taking.js';
