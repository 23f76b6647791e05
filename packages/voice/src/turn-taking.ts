import { rmsAtLeast } from '@bot-backend/audio';
import type { AudioFrame, SttStreamPart } from '@bot-backend/interfaces';
import { classifyInterruption } from './backchannel.js';
import { type CandidateTurn, EndOfTurnDetector } from './end-of-turn-detector.js';
import type { InterviewPhase } from './interview-phase.js';
import type { Playout } from './playout.js';
import { steadyNow } from './steady-clock.js';
import type { TurnSettings } from './turn-settings.js';
import type { EndOfTurnDecision } from './turn-taking/end-of-turn-wait.js';
import { defaultEndOfTurnPolicySettings } from './turn-taking/end-of-turn-wait.js';

/** What turn-taking needs of the agent's reply on its way out (a StreamedTurn is one). */
export interface AgentSpeech {
  readonly playout: Playout | undefined;
  interrupt(): void;
}

/** When the candidate's turn ended, and (from the STT's final) when the speech it covers ended; wall-clock ms. */
export interface TurnTiming {
  at: number;
  sttFinalAt?: number | undefined;
  speechEndAt?: number | undefined;
}

export interface TurnTakingEvents {
  /** The candidate's turn is over: this is their answer. */
  onTurn(turn: CandidateTurn, timing: TurnTiming): void;
  /**
   * The candidate went quiet (the STT's end of turn, or its last final when it
   * sends none) after what the end-of-turn policy reads as a finished thought,
   * and the turn ends there unless they go on: time to prepare a reply to `text`.
   */
  onPause?(text: string): void;
  /** They went on after onPause: a reply prepared then is for an answer that is not over. */
  onResume?(): void;
  /**
   * They went on after the turn ended, before any reply was heard (replyHeard() not called yet): the
   * turn `turn` is open again, the words to come join it, and onTurn will bring the whole answer.
   */
  onTakeBack?(turn: CandidateTurn): void;
}

/** A 20 ms frame at least this loud (RMS, 0–1 of full scale, about -40 dBFS) is voiced. */
const voicedRms = 0.01;
/** Voiced frames closer than this belong to one run of sound (a frame or two of quiet inside a word). */
const voicedGapMs = 60;
/** The breath a cut-in waits for, when the settings name none: longer than the gaps between words. */
const defaultCutInSilenceMs = 350;
/** The shorter breath a cut-in takes once it has waited long enough for a full one: a gap between sentences, not words. */
const shortBreathMs = 150;

/** The candidate is saying something: the STT heard speech start, or words. */
const isSpeech = (part: SttStreamPart) =>
  part.type === 'speech-start' ||
  ((part.type === 'transcript-partial' || part.type === 'transcript-final') && part.text.trim() !== '');

/** Candidate audio heard while the agent talks, not yet known to be an interruption. */
interface PendingInterruption {
  startedAt: number;
  parts: SttStreamPart[];
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Who has the floor. The candidate's speech goes to the end-of-turn detector
 * while the agent is quiet; while the agent talks it is held until it is
 * known to be a real interruption (the agent stops, the held speech starts
 * the candidate's turn), a backchannel or noise (the agent resumes from where
 * the listener was). An answer over its budget is ended at a pause (the
 * polite cut-in), and while the agent cuts in, the rest of that answer is
 * neither an interruption nor the next answer.
 */
export class TurnTaking {
  private readonly detector: EndOfTurnDetector;
  private readonly now: () => number;
  /** Wall-clock ms at which the STT parts' clock reads 0. */
  private readonly origin: number;
  private agent: AgentSpeech | undefined;
  private pending: PendingInterruption | undefined;
  private holding = false;
  private cutInRequested = false;
  private phase: InterviewPhase;
  /** The candidate is speaking: speech heard since the STT last reported a pause. */
  private candidateSpeaking = false;
  /** onPause was signalled and neither the turn's end nor more speech has followed. */
  private pauseSignalled = false;
  private turnEnded = false;
  /** The end-of-turn policy's latest decision on the open turn. */
  private decision: EndOfTurnDecision | undefined;
  private readonly vendorSignalsEnd: boolean;
  private pauseWaiters: Array<{ since: number; shorterAfterMs: number; wake: () => void }> = [];
  /** From the microphone itself, ahead of the STT: when the last voiced frame was heard (undefined: no audio seen). */
  private lastVoicedAt: number | undefined;
  /** When the microphone's current run of voiced frames began. */
  private voicedSince: number | undefined;
  /** When (wall clock) the words of the turn awaiting its reply ended. */
  private unheardSpeechEndAt: number | undefined;
  private audioSeen = false;
  /** The turn that ended by silence while no reply to it has been heard yet: speech now takes it back. */
  private unheard: CandidateTurn | undefined;
  /** When the last final transcript arrived, and when (wall clock) the speech it covers ended. */
  private lastFinal: { at: number; speechEndAt: number } | undefined;

  constructor(
    private readonly settings: TurnSettings,
    private readonly events: TurnTakingEvents,
    options: {
      phase: InterviewPhase;
      now?: () => number;
      origin?: number;
      /** BCP-47 tag of the candidate's speech (the completeness score knows English). */
      language?: string | undefined;
      /** The STT sends end-of-turn parts (its capabilities' `endOfTurn`); default true. */
      vendorSignalsEnd?: boolean | undefined;
    },
  ) {
    this.now = options.now ?? steadyNow;
    this.origin = options.origin ?? this.now();
    this.phase = options.phase;
    this.vendorSignalsEnd = options.vendorSignalsEnd ?? true;
    this.detector = new EndOfTurnDetector(
      settings,
      {
        onDecision: (decision) => {
          this.decision = decision;
        },
        onTurn: (turn) => {
          this.turnEnded = true;
          this.pauseSignalled = false;
          this.decision = undefined;
          // A cut-in holds the floor: the rest of that answer is cut, never taken back.
          this.unheard = turn.reason === 'silence' && !this.holding ? turn : undefined;
          this.unheardSpeechEndAt = this.lastFinal?.speechEndAt;
          this.events.onTurn(turn, this.timing());
        },
        onOverBudget: () => {
          // A polite cut-in at this pause: end the answer here; the rest of it is not the next answer.
          this.cutInRequested = true;
          this.holding = true;
          this.detector.commit();
        },
      },
      {
        phase: options.phase,
        now: this.now,
        ...(options.language ? { language: options.language } : {}),
        vendorSignalsEnd: this.vendorSignalsEnd,
      },
    );
  }

  /** A new question: its phase decides the silence budget, its budget (ms) the cut-in, its text what a full answer is. */
  setQuestion(phase: InterviewPhase, budgetMs?: number, questionText?: string): void {
    this.phase = phase;
    this.decision = undefined;
    this.detector.setQuestion(phase, budgetMs, questionText);
  }

  /** Text heard so far in the candidate's current answer. */
  get pendingText(): string {
    return this.detector.pendingText;
  }

  /** True once after the answer was ended at a pause for being over its budget. */
  takeCutIn(): boolean {
    const requested = this.cutInRequested;
    this.cutInRequested = false;
    return requested;
  }

  /**
   * While true (the agent cuts in on a long answer), the candidate's speech
   * neither stops the agent nor starts a turn: it is the rest of the answer cut.
   * An over-budget cut-in at a pause holds the floor on its own; release it once the cut-in is said.
   */
  holdFloor(holding: boolean): void {
    this.holding = holding;
  }

  /** The candidate is speaking now (speech heard since the STT last reported a pause). */
  get candidateIsSpeaking(): boolean {
    return this.candidateSpeaking;
  }

  /**
   * One frame of the candidate's microphone: its loudness tells, 20 ms at a
   * time and ahead of the STT, whether they are voicing now.
   */
  heardAudio(frame: AudioFrame): void {
    this.audioSeen = true;
    if (rmsAtLeast(frame.samples, voicedRms)) {
      const now = this.now();
      if (this.lastVoicedAt === undefined || now - this.lastVoicedAt > voicedGapMs) this.voicedSince = now;
      this.lastVoicedAt = now;
    } else if (this.pauseWaiters.length > 0) this.wakeBreathed();
  }

  /**
   * Resolves at a breath: once the microphone has been quiet for the
   * settings' `cutInSilenceMs` (without audio frames, once the STT reports a
   * pause); after `shorterBreathAfterMs`, when given, a shorter breath
   * between sentences will do, for a candidate who never stops for long;
   * after `maxWaitMs`, at once.
   */
  whenSilent(maxWaitMs: number, options: { shorterBreathAfterMs?: number } = {}): Promise<void> {
    if (this.silentNow()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(wake, maxWaitMs);
      function wake() {
        clearTimeout(timer);
        resolve();
      }
      const shorterAfterMs = options.shorterBreathAfterMs ?? Number.POSITIVE_INFINITY;
      this.pauseWaiters.push({ since: this.now(), shorterAfterMs, wake });
    });
  }

  /** The reply to the last turn starts to be heard (or none will be): from now on that turn stands. */
  replyHeard(): void {
    this.unheard = undefined;
  }

  /**
   * Resolves when a reply to the turn just ended may start: at once, unless the microphone hears a
   * voice that began after that turn's words (the candidate going on, ahead of the STT's report);
   * then once it has been quiet for a breath, or after `maxWaitMs` (a noise the STT finds no words in).
   */
  whenNotResuming(maxWaitMs: number): Promise<void> {
    const since = this.voicedSince;
    const end = this.unheardSpeechEndAt;
    const voicedNow = this.lastVoicedAt !== undefined && this.now() - this.lastVoicedAt <= voicedGapMs;
    if (!this.unheard || !voicedNow || since === undefined || end === undefined || since <= end)
      return Promise.resolve();
    return this.whenSilent(maxWaitMs);
  }

  /** The agent starts speaking this reply. */
  speaking(agent: AgentSpeech): void {
    this.agent = agent;
  }

  /** The agent's reply is over (played, or interrupted). */
  spoke(): void {
    this.agent = undefined;
    this.clearPending();
  }

  /** Barge-in from outside the audio (a typed answer, the client's own detector): stop the agent now. */
  interruptAgent(): void {
    this.clearPending();
    this.agent?.interrupt();
  }

  /** End the candidate's turn now (they pressed "done", or submitted code). */
  commit(): void {
    this.detector.commit();
  }

  /** One STT part, its times on the session clock. */
  hear(part: SttStreamPart): void {
    if (part.type === 'transcript-final' && part.text.trim()) {
      // part.endMs is on the session clock (audio pushed in real time), so the STT's delay is now minus it.
      this.lastFinal = { at: this.now(), speechEndAt: Math.min(this.now(), this.origin + part.endMs) };
    }
    this.trackSpeech(part);
    if (this.holding) return;
    const talking = this.agent !== undefined;
    if (!talking) {
      this.turnEnded = false;
      if (this.unheard && isSpeech(part)) this.takeBack(this.unheard);
      this.detector.push(part);
      const quiet =
        part.type === 'end-of-turn' || (!this.vendorSignalsEnd && part.type === 'transcript-final');
      if (quiet && !this.turnEnded) this.paused();
      return;
    }
    // The agent is talking: hold the candidate's sound until we know what it is.
    const speech =
      part.type === 'speech-start' || part.type === 'transcript-partial' || part.type === 'transcript-final';
    if (!speech) {
      this.pending?.parts.push(part);
      return;
    }
    if (!this.pending) {
      this.agent?.playout?.pause();
      this.pending = {
        startedAt: this.now(),
        parts: [],
        timer: setTimeout(() => this.resolvePending(false), this.settings.falseInterruptionMs),
      };
    }
    this.pending.parts.push(part);
    if (part.type === 'speech-start') return;
    const kind = classifyInterruption(part.text, this.now() - this.pending.startedAt, this.settings);
    // Noise waits for the timer (more sound may follow); a backchannel resumes at once.
    if (kind === 'speech') this.resolvePending(true);
    else if (kind === 'backchannel') this.resolvePending(false);
  }

  /** Timers held right now (a possible interruption being judged). */
  get openTimers(): number {
    return this.pending ? 1 : 0;
  }

  dispose(): void {
    this.clearPending();
    this.detector.dispose();
    this.wakePauseWaiters();
  }

  /** The candidate went on before the reply to their turn was heard: the turn is theirs again. */
  private takeBack(turn: CandidateTurn): void {
    this.unheard = undefined;
    this.detector.reopen(turn);
    this.events.onTakeBack?.(turn);
  }

  /** Speech, or the STT's pause, as it happens (held floor or not). */
  private trackSpeech(part: SttStreamPart): void {
    if (isSpeech(part)) {
      this.candidateSpeaking = true;
      if (this.pauseSignalled) {
        this.pauseSignalled = false;
        this.events.onResume?.();
      }
    } else if (part.type === 'end-of-turn') {
      this.candidateSpeaking = false;
      if (this.silentNow()) this.wakePauseWaiters();
    }
  }

  /**
   * The candidate went quiet and the turn is still open: signal it when the
   * policy waits on a finished-looking thought (not a thinking pause, not an
   * unfinished one, whose wait runs to the phase's budget).
   */
  private paused(): void {
    const text = this.detector.pendingText;
    const decision = this.decision;
    if (this.pauseSignalled || !text || decision?.type !== 'wait') return;
    const { unfinishedScore } = this.settings.endOfTurn ?? defaultEndOfTurnPolicySettings;
    if (decision.completeness.thinking || decision.completeness.score <= unfinishedScore) return;
    this.pauseSignalled = true;
    this.events.onPause?.(text);
  }

  /** The breath a cut-in waits for: the settings' `cutInSilenceMs`, or the default. */
  private get fullBreathMs(): number {
    return this.settings.cutInSilenceMs ?? defaultCutInSilenceMs;
  }

  private silentNow(breathMs = this.fullBreathMs): boolean {
    if (!this.audioSeen) return !this.candidateSpeaking;
    return this.lastVoicedAt === undefined || this.now() - this.lastVoicedAt >= breathMs;
  }

  private wakePauseWaiters(): void {
    for (const waiter of this.pauseWaiters.splice(0)) waiter.wake();
  }

  /** Wakes the waiters whose breath the microphone has heard (a shorter one once they said it would do). */
  private wakeBreathed(): void {
    const now = this.now();
    const full = this.fullBreathMs;
    this.pauseWaiters = this.pauseWaiters.filter((waiter) => {
      const breath = now - waiter.since >= waiter.shorterAfterMs ? Math.min(full, shortBreathMs) : full;
      if (!this.silentNow(breath)) return true;
      waiter.wake();
      return false;
    });
  }

  private timing(): TurnTiming {
    return { at: this.now(), sttFinalAt: this.lastFinal?.at, speechEndAt: this.lastFinal?.speechEndAt };
  }

  /** A real interruption stops the agent and the held speech starts the candidate's turn; otherwise the agent resumes. */
  private resolvePending(interruption: boolean): void {
    const pending = this.pending;
    if (!pending) return;
    this.clearPending();
    if (interruption) {
      this.interruptAgent();
      for (const part of pending.parts) this.detector.push(part);
    } else {
      this.agent?.playout?.resume();
    }
  }

  private clearPending(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = undefined;
  }
}
