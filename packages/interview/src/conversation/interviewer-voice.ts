import type { AudioSink, LLM, TTS } from '@bot-backend/interfaces';
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
}

/**
 * The interviewer's lines, spoken (or written) as streamed turns: live
 * transcripts as sentences go out, the line as heard in the transcript,
 * per-turn latency figures. With an LLM request, a failure before any word
 * is covered by the scripted fallback, so the candidate always hears the question.
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

  /** One line; `userEnd` (the candidate's turn it answers) starts its latency figures. */
  async say(line: InterviewerLine, followUp?: FollowUpRecord, userEnd?: TurnTiming): Promise<void> {
    const { options } = this;
    if (options.signal.aborted) return;
    const turnId = `${options.sessionId}-t${++this.turnIndex}`;
    const clock = new TurnClock(turnId, options.now);
    if (userEnd) {
      clock.mark('userTurnEnd', userEnd.at);
      if (userEnd.sttFinalAt !== undefined) clock.mark('sttFinal', userEnd.sttFinalAt);
      if (userEnd.speechEndAt !== undefined) clock.mark('speechEnd', userEnd.speechEndAt);
    }
    const startMs = options.clockMs();
    const spoken: string[] = [];
    const common = {
      tts: options.tts,
      sink: options.sink,
      sampleRate: options.sampleRate,
      voice: options.voice,
      clock,
      signal: options.signal,
      unplayedLeadMs: options.sinkLeadMs,
      holdingLine: { text: holdingLine, afterMs: options.holdingLineAfterMs ?? 2_500 },
      onSentence: (sentence: string) => {
        spoken.push(sentence);
        options.emit({
          type: 'transcript',
          role: 'interviewer',
          text: spoken.join(' '),
          final: false,
          phase: options.phase(),
          turnId,
        });
      },
    };
    let result = await this.play(
      typeof line === 'string'
        ? startStreamedTurn({ ...common, text: line })
        : startStreamedTurn({
            ...common,
            llm: options.llm,
            request: { messages: line.messages, temperature: 0.4 },
            sentenceFilter: line.filter,
          }),
    );
    if (
      typeof line !== 'string' &&
      !result.interrupted &&
      !result.heardText.trim() &&
      !options.signal.aborted
    ) {
      // Nothing was said (the LLM failed before its first kept word, all fallbacks spent): the scripted line instead.
      if (result.error)
        options.emit({
          type: 'error',
          code: 'llm_failed',
          message: 'The interviewer model failed; continuing with a scripted line.',
          fatal: false,
        });
      result = await this.play(startStreamedTurn({ ...common, text: line.fallback, holdingLine: undefined }));
    }
    this.record(turnId, result, { startMs, endMs: options.clockMs() }, followUp, userEnd !== undefined);
  }

  private async play(turn: StreamedTurn): Promise<StreamedTurnResult> {
    this.playing = turn;
    this.options.turnTaking.speaking(turn);
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
    followUp: FollowUpRecord | undefined,
    answersCandidate: boolean,
  ): void {
    const { options } = this;
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
    const metrics = result.metrics;
    if (answersCandidate || metrics.llmFirstTokenMs !== undefined || metrics.firstAudioMs !== undefined) {
      options.emit({ type: 'metrics', ...metrics });
      options.onMetrics?.(metrics);
    }
  }
}
