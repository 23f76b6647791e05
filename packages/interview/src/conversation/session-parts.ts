import {
  CandidateListener,
  type CandidateTurn,
  defaultTurnSettings,
  TurnTaking,
  type TurnTiming,
} from '@bot-backend/voice';
import { type PlanOutcome, planInterview } from '../planning/llm-planner.js';
import type { PhaseName } from '../planning/plan-schema.js';
import { AnswerGrading } from './answer-grading.js';
import type { InterviewSessionOptions } from './interview-session-options.js';
import type { EvidenceSpan } from './interview-summary.js';
import { InterviewerVoice } from './interviewer-voice.js';
import { PreemptiveReplies } from './preemptive-replies.js';
import type { SessionEvent } from './session-events.js';

/** What the session's parts need of the session. */
export interface SessionHooks {
  id: string;
  now: () => number;
  /** Wall-clock ms at which the session clock reads 0. */
  startedAt: number;
  signal: AbortSignal;
  transcript: EvidenceSpan[];
  phase: () => PhaseName;
  emit(event: SessionEvent): void;
  onCandidateTurn(turn: CandidateTurn, timing: TurnTiming): void;
  /** The candidate paused after a finished-sounding answer, and went on after such a pause. */
  onCandidatePause(text: string): void;
  onCandidateResume(): void;
  /** The candidate went on after their turn ended, before any reply to it was heard. */
  onCandidateTakeBack(): void;
  deliver(kind: 'eval-result', payload: unknown): Promise<void>;
}

export interface SessionParts {
  turns: TurnTaking;
  /** Absent without an STT: answers are typed. */
  listener: CandidateListener | undefined;
  voice: InterviewerVoice;
  grading: AnswerGrading;
  preemptive: PreemptiveReplies;
}

/** The session's parts, wired from its options: turn-taking, listening, the interviewer's voice, grading. */
export function sessionParts(options: InterviewSessionOptions, hooks: SessionHooks): SessionParts {
  const { signal, now } = hooks;
  const clockMs = () => now() - hooks.startedAt;
  const turnSettings = options.turnSettings ?? defaultTurnSettings;
  const turns = new TurnTaking(
    turnSettings,
    {
      onTurn: (turn, timing) => hooks.onCandidateTurn(turn, timing),
      onPause: (text) => hooks.onCandidatePause(text),
      onResume: () => hooks.onCandidateResume(),
      onTakeBack: () => hooks.onCandidateTakeBack(),
    },
    { phase: 'intro', now, origin: hooks.startedAt, vendorSignalsEnd: options.stt?.capabilities.endOfTurn },
  );
  const stt = options.stt;
  const listener = stt
    ? new CandidateListener(stt, {
        sampleRate: options.inputSampleRate ?? 16_000,
        endpointingMs: turnSettings.sttEndpointingMs,
        signal,
        clockMs,
        onPart: (part) => {
          if (part.type === 'transcript-partial' && part.text.trim()) {
            const live = { role: 'candidate', final: false, turnId: 'live' } as const;
            hooks.emit({ type: 'transcript', ...live, text: part.text, phase: hooks.phase() });
          }
          turns.hear(part);
        },
        onError: (error) =>
          hooks.emit({
            type: 'error',
            code: 'stt_failed',
            message: `Speech recognition failed (${error.kind}).`,
            fatal: false,
          }),
      })
    : undefined;
  const voice = new InterviewerVoice({
    sessionId: hooks.id,
    llm: options.llm,
    tts: options.tts,
    sink: options.sink,
    sampleRate: options.outputSampleRate ?? 24_000,
    voice: options.voice,
    sinkLeadMs: options.sinkLeadMs,
    holdingLineAfterMs: options.holdingLineAfterMs,
    signal,
    now,
    clockMs,
    turnTaking: turns,
    transcript: hooks.transcript,
    phase: hooks.phase,
    emit: hooks.emit,
    onMetrics: options.onMetrics,
    onEarlySentences: options.onEarlySentences,
  });
  const grading = new AnswerGrading({
    sessionId: hooks.id,
    role: options.role,
    experienceLevel: options.experienceLevel,
    llm: options.llm,
    moderator: options.moderator,
    feedbackModel: options.feedbackModel,
    runTests: options.runTests,
    signal,
    onGraded: (event) => hooks.emit({ type: 'evaluation', ...event }),
    deliver: (payload) => hooks.deliver('eval-result', payload),
  });
  const preemptive = new PreemptiveReplies({
    discardLine: (line) => voice.discard(line),
    onOutcome: options.onPreemptiveReply,
  });
  return { turns, listener, voice, grading, preemptive };
}

/** The plan given, or one made now (LLM when configured, else the bank). */
export function sessionPlan(options: InterviewSessionOptions, signal: AbortSignal): Promise<PlanOutcome> {
  if (options.plan) return Promise.resolve({ plan: options.plan, violations: [], llmCalls: 0 });
  return planInterview(
    {
      role: options.role,
      experienceLevel: options.experienceLevel,
      format: options.format,
      durationMinutes: options.durationMinutes ?? 30,
      codingLanguage: options.codingLanguage,
      seed: options.seed,
    },
    { llm: options.llm, signal },
  );
}
