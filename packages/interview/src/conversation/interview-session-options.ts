import type { AudioSink, LLM, Moderator, STT, TTS } from '@bot-backend/interfaces';
import type { TurnSettings } from '@bot-backend/voice';
import type { CodeEvaluationOptions } from '../evaluation/evaluate-code.js';
import type { CodingLanguage, ExperienceLevelId, InterviewFormat } from '../planning/plan-schema.js';
import type { MemoryBudget } from './conversation-memory.js';
import type { InterviewSummary } from './interview-summary.js';
import type { PreemptiveCounts, PreemptiveOutcome } from './preemptive-replies.js';
import type { SessionEvent, SessionTurnMetrics } from './session-events.js';

export type DeliveryOutcome = 'delivered' | 'queued' | 'off';

export interface InterviewSessionOptions {
  sessionId?: string | undefined;
  role: string;
  experienceLevel: ExperienceLevelId;
  format: InterviewFormat;
  durationMinutes?: number | undefined;
  codingLanguage?: CodingLanguage | undefined;
  seed?: number | undefined;
  /** A plan made beforehand (POST /v1/plan); otherwise the session plans (LLM when configured, else the bank). */
  plan?: import('../planning/plan-schema.js').Plan | undefined;
  /** Vendors; each one absent falls back to the offline behaviour (bank questions, scripted lines, typed answers, rubric). */
  llm?: LLM | undefined;
  stt?: STT | undefined;
  tts?: TTS | undefined;
  moderator?: Moderator | undefined;
  /** Audio out. Without it (or without TTS) the interview is text only. */
  sink?: AudioSink | undefined;
  /** Sample rate of audio pushed with pushAudio(). */
  inputSampleRate?: number | undefined;
  /** Sample rate the sink wants. */
  outputSampleRate?: number | undefined;
  voice?: string | undefined;
  /** The sink's lead (audio sent ahead of playback), to store only what was heard. */
  sinkLeadMs?: number | undefined;
  turnSettings?: TurnSettings | undefined;
  feedbackModel?: string | undefined;
  /** Runs code answers against their tests (the sandbox). */
  runTests?: CodeEvaluationOptions['runTests'];
  /** How much of the interview so far the LLM interviewer sees. */
  memoryBudget?: MemoryBudget | undefined;
  /** The LLM's follow-up proposal is given up (the offline follow-up instead) after this long; default 3 s (the candidate is waiting). */
  followUpTimeoutMs?: number | undefined;
  /** No first audio after this long → a short holding line. */
  holdingLineAfterMs?: number | undefined;
  /** Posts results to user-management; absent → 'off'. */
  deliver?: ((kind: 'eval-result' | 'report', payload: unknown) => Promise<DeliveryOutcome>) | undefined;
  onEvent: (event: SessionEvent) => void;
  onMetrics?: ((metrics: SessionTurnMetrics) => void) | undefined;
  /** A reply prepared at the candidate's pause was started, played, or thrown away unheard (they went on). */
  onPreemptiveReply?: ((outcome: PreemptiveOutcome) => void) | undefined;
  /**
   * A line sent its first sentence to TTS before the next LLM delta decided its end: how many such
   * sentences went, and how many were refuted (their audio dropped unheard, a TTS request wasted).
   */
  onEarlySentences?: ((counts: { sent: number; refuted: number }) => void) | undefined;
  /** Milliseconds since the epoch; default `steadyNow` (the wall clock read once, so it never steps back). */
  now?: () => number;
}

export interface InterviewSession {
  readonly id: string;
  /** Plans the interview, greets, asks the first question. */
  start(): Promise<void>;
  /** Streaming microphone audio (PCM16 at inputSampleRate). */
  pushAudio(frame: import('@bot-backend/interfaces').AudioFrame): void;
  /** One whole recorded answer (the prototype's mode). */
  pushUtterance(audio: import('@bot-backend/interfaces').AudioInput): Promise<void>;
  /** A typed answer: ends the candidate's turn with this text. */
  pushText(text: string): void;
  /** Submitted code for the current coding question. */
  pushCode(code: string, language: CodingLanguage): void;
  /** The candidate signals they are done (e.g. after silent coding). */
  commit(): void;
  /** The client reports the candidate started speaking over the interviewer. */
  interrupt(): void;
  /** Wrap up now: closing line, summary, delivery. */
  end(reason?: InterviewSummary['endedBy']): Promise<InterviewSummary>;
  /** Stop everything at once (socket gone): vendor calls cancelled, timers cleared; no summary is spoken. */
  close(): Promise<void>;
  /** Vendor streams and timers this session holds open right now (0 after close). */
  openResources(): number;
  /** Replies prepared at a pause so far: started, played, thrown away unheard. */
  preemptiveReplies(): PreemptiveCounts;
}
