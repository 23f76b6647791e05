import { type AudioSink, type LLM, type TTS, withFields } from '@bot-backend/interfaces';
import {
  type StreamedTurn,
  type StreamedTurnResult,
  startStreamedTurn,
  TurnClock,
  type TurnTaking,
  type TurnTiming,
} from '@bot-backend/voice';
import type { PhaseName } from '../planning/plan-schema.js';
import type { EvidenceSpan, FollowUpRecord } from './interview-summary.js';
import { holdingLine } from './interviewer-lines.js';
import type { InterviewerLine } from './question-line.js';
import type { SessionEvent, SessionTurnMetrics } from './session-events.js';

export interface InterviewerVoiceOptions {
  sessionId: string;
  llm?: LLM | undefined;
  tts?: TTS | undefined;
  sink?: AudioSink | undefined;
  sampleRate: number;
  voice?: string | undefined;
  sinkLeadMs?: number | undefined;
  holdingLineAfterMs?: number | undefined;
  /** Aborted when the session closes: every turn stops. */
  signal: AbortSignal;
  now: () => number;
  /** The session clock (ms since the session started). */
  clockMs: () => number;
  /** Barge-in arbitration hears about every turn while it plays. */
  turnTaking: TurnTaking;
  /** The interview's transcript: each line, as heard, is added. */
  transcript: EvidenceSpan[];
  phase: () => PhaseName;
  emit(event: SessionEvent): void;
  onMetrics?: ((metrics: SessionTurnMetrics) => void) | undefined;
  /** A line sent its first sentence to TTS before its end was decided: how many went, how many were refuted. */
  onEarlySentences?: ((counts: { sent: number; refuted: number }) => void) | undefined;
}

/** A line on its way: its turn started (held, or already playing into the sink). */
export interface PreparedLine {
  readonly line: InterviewerLine;
  readonly turnId: string;
  readonly clock: TurnClock;
  readonly turn: StreamedTurn;
  /** Builds a streamed turn of fixed words with this line's clock and transcript (the fallback). */
  readonly scripted: (text: string) => StreamedTurn;
}

export interface PlayOptions {
  /** Tags the line as a follow-up in the transcript. */
  followUp?: FollowUpRecord | undefined;
  /** The candidate's turn it answers: its latency figures start there. */
  userEnd?: TurnTiming | undefined;
  /** A cut-in on an answer over its budget: it starts only at a pause in the candidate's speech. */
  cutIn?: boolean | undefined;
  /** The follow-up proposal the line waited for, reported with its figures. */
  proposalMs?: number | undefined;
}

/** How long a cut-in waits for a pause, at most, when the STT reports none. */
const cutInPauseWaitMs = 6_000;
/** After this long without a full breath, a cut-in takes a shorter one (between sentences) rather than speak over words. */
const cutInShorterBreathAfterMs = 3_000;

/**
 * The interviewer's lines, spoken (or written) as streamed turns: live
 * transcripts as sentences go out, the line as heard in the transcript,
 * per-turn latency figures. With an LLM request, a failure before any word
 * is covered by the scripted fallback, so the candidate always hears the question.
 * A line may be prepared held (the candidate may not have finished) and then
 * played, or thrown away without a sound.
 */
export class InterviewerVoice {
  private turnIndex = 0;
  private playing: StreamedTurn | undefined;

  constructor(private readonly options: InterviewerVoiceOptions) {}

  /** Lines spoken so far. */
  get spokenLines(): number {
    return this.turnIndex;
  }

  /** The turn playing now, if any. */
  get current(): StreamedTurn | undefined {
    return this.playing;
  }

  /** Stops the line being spoken and resolves once it has stopped. */
  async stop(): Promise<void> {
    const turn = this.playing;
    turn?.interrupt();
    await turn?.result.catch(() => {});
  }

  /** One line, played at once. */
  say(line: InterviewerLine, play: PlayOptions = {}): Promise<void> {
    return this.play(this.prepare(line), play);
  }

  /**
   * Starts a line: the LLM (or the script) and the first sentence's TTS. Held,
   * nothing reaches the sink until play(); `signal` aborts it (and the session's does).
   */
  prepare(
    line: InterviewerLine,
    options: { held?: boolean; signal?: AbortSignal; ttsAfter?: Promise<unknown> } = {},
  ): PreparedLine {
    const { options: voice } = this;
    const turnId = `${voice.sessionId}-t${this.turnIndex + 1}`;
    const clock = new TurnClock(turnId, voice.now);
    const spoken: string[] = [];
    const common = {
      tts: voice.tts,
      sink: voice.sink,
      sampleRate: voice.sampleRate,
      voice: voice.voice,
      clock,
      signal: options.signal ?? voice.signal,
      unplayedLeadMs: voice.sinkLeadMs,
      onSentence: (sentence: string) => {
        spoken.push(sentence);
        const live = { role: 'interviewer', final: false, turnId } as const;
        voice.emit({ type: 'transcript', ...live, text: spoken.join(' '), phase: voice.phase() });
      },
    };
    const holding = { text: holdingLine, afterMs: voice.holdingLineAfterMs ?? 2_500 };
    const held = options.held ?? false;
    const { ttsAfter } = options;
    const turn =
      typeof line === 'string'
        ? startStreamedTurn({ ...common, held, ttsAfter, holdingLine: holding, text: line })
        : startStreamedTurn({
            ...common,
            held,
            ttsAfter,
            holdingLine: holding,
            llm: voice.llm,
            request: { messages: line.messages, temperature: 0.4 },
            sentenceFilter: line.filter,
          });
    return { line, turnId, clock, turn, scripted: (text) => startStreamedTurn({ ...common, text }) };
  }

  /** Throws a prepared line away unheard. */
  discard(prepared: PreparedLine): void {
    prepared.turn.interrupt();
  }

  /** Plays a prepared line (releasing it when held) and keeps it, as heard. */
  async play(prepared: PreparedLine, options: PlayOptions = {}): Promise<void> {
    const { options: voice } = this;
    const { line, clock } = prepared;
    const { userEnd } = options;
    if (voice.signal.aborted) {
      prepared.turn.interrupt();
      return;
    }
    this.turnIndex += 1;
    if (userEnd) {
      clock.mark('userTurnEnd', userEnd.at);
      if (userEnd.sttFinalAt !== undefined) clock.mark('sttFinal', userEnd.sttFinalAt);
      if (userEnd.speechEndAt !== undefined) clock.mark('speechEnd', userEnd.speechEndAt);
    }
    // A cut-in comes in at a breath, never over the words.
    if (options.cutIn)
      await voice.turnTaking.whenSilent(cutInPauseWaitMs, {
        shorterBreathAfterMs: cutInShorterBreathAfterMs,
      });
    const startMs = voice.clockMs();
    let result = await this.playTurn(prepared.turn);
    if (
      typeof line !== 'string' &&
      !result.interrupted &&
      !result.heardText.trim() &&
      !voice.signal.aborted
    ) {
      // Nothing was said (the LLM failed before its first kept word, all fallbacks spent): the scripted line instead.
      if (result.error)
        voice.emit({
          type: 'error',
          code: 'llm_failed',
          message: 'The interviewer model failed; continuing with a scripted line.',
          fatal: false,
        });
      result = await this.playTurn(prepared.scripted(line.fallback));
    }
    this.record(prepared.turnId, result, { startMs, endMs: voice.clockMs() }, options, !!userEnd);
  }

  private async playTurn(turn: StreamedTurn): Promise<StreamedTurnResult> {
    this.playing = turn;
    this.options.turnTaking.speaking(turn);
    turn.release();
    try {
      return await turn.result;
    } finally {
      this.playing = undefined;
      this.options.turnTaking.spoke();
    }
  }

  /** The line as heard: in the transcript, as a final event, with its figures. */
  private record(
    turnId: string,
    result: StreamedTurnResult,
    span: { startMs: number; endMs: number },
    play: PlayOptions,
    answersCandidate: boolean,
  ): void {
    const { options } = this;
    const { followUp } = play;
    if (result.earlySentences) options.onEarlySentences?.(result.earlySentences);
    const tag = followUp
      ? { kind: 'follow_up' as const, refersTo: followUp.refersTo?.quote, missedPoint: followUp.missedPoint }
      : {};
    if (result.heardText) {
      const { missedPoint: _point, ...spanTag } = tag;
      options.transcript.push({ speaker: 'interviewer', ...span, text: result.heardText, ...spanTag });
    }
    options.emit({
      type: 'transcript',
      role: 'interviewer',
      text: result.heardText,
      final: true,
      phase: options.phase(),
      turnId,
      ...span,
      interrupted: result.interrupted || undefined,
      ...tag,
    });
    if (result.error && result.text) {
      options.emit({
        type: 'error',
        code: 'vendor_failed',
        message: `A ${result.error.vendor} call failed mid-turn (${result.error.kind}).`,
        fatal: false,
      });
    }
    const metrics =
      play.proposalMs === undefined
        ? result.metrics
        : withFields(result.metrics, { followUpProposalMs: play.proposalMs });
    if (answersCandidate || metrics.llmFirstTokenMs !== undefined || metrics.firstAudioMs !== undefined) {
      options.emit({ type: 'metrics', ...metrics });
      options.onMetrics?.(metrics);
    }
  }
}
