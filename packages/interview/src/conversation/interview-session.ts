import { randomUUID } from 'node:crypto';
import { type AudioFrame, type AudioInput, withFields } from '@bot-backend/interfaces';
import {
  type CandidateListener,
  type CandidateTurn,
  defaultTurnSettings,
  steadyNow,
  type TurnTaking,
  type TurnTiming,
} from '@bot-backend/voice';
import { type AnswerRecord, nextStep } from '../planning/next-step.js';
import type { CodingLanguage, PhaseName, Plan } from '../planning/plan-schema.js';
import { defaultQuestionBank } from '../planning/question-bank.js';
import { ActionQueue } from './action-queue.js';
import type { AnswerGrade, AnswerGrading } from './answer-grading.js';
import { buildSummary } from './build-summary.js';
import { ConversationMemory } from './conversation-memory.js';
import type { CodeAnswer, CurrentQuestion } from './current-question.js';
import { followUpRecord } from './follow-up-choice.js';
import type { InterviewSession, InterviewSessionOptions } from './interview-session-options.js';
import type { EvidenceSpan, FollowUpRecord, InterviewSummary } from './interview-summary.js';
import {
  asksToRepeat,
  closingLine,
  greeting,
  INTERVIEWER_PROMPT_VERSION,
  repeatPrefix,
} from './interviewer-lines.js';
import type { InterviewerVoice, PlayOptions } from './interviewer-voice.js';
import { answerRecord, type NextQuestion, nextQuestion, overBudget } from './next-move.js';
import type { PreemptiveCounts, PreemptiveReplies, ReplyDraft } from './preemptive-replies.js';
import type { InterviewerLine } from './question-line.js';
import { draftReply, lineOf, type ReplyContext } from './reply-draft.js';
import type { SessionEvent } from './session-events.js';
import { sessionParts, sessionPlan } from './session-parts.js';
import { UnheardTurn, untilAudible } from './unheard-turn.js';

const noStt = 'Speech recognition is not configured; please type your answers.';

export function createInterviewSession(options: InterviewSessionOptions): InterviewSession {
  return new Session(options);
}

/**
 * One interview, as an orchestrator: follows a plan through its phases,
 * asks each question through the interviewer's voice (interviewer-voice.ts),
 * hears answers through turn-taking (packages/voice: end of turn, barge-in),
 * has each answer graded (answer-grading.ts), chooses follow-ups, and ends
 * with a summary. Every vendor is optional: without them it is a typed
 * interview with bank questions, scripted lines and the rubric.
 */
class Session implements InterviewSession {
  readonly id: string;
  private readonly now: () => number;
  private readonly controller = new AbortController();
  private readonly startedAt: number;
  private readonly turns: TurnTaking;
  private readonly listener: CandidateListener | undefined;
  private readonly voice: InterviewerVoice;
  private readonly grading: AnswerGrading;
  private plan: Plan | undefined;
  private phase: PhaseName = 'intro';
  private current: CurrentQuestion | undefined;
  private readonly history: AnswerRecord[] = [];
  private readonly transcript: EvidenceSpan[] = [];
  /** The interview so far, as the LLM interviewer sees it, and the orders the candidate gave. */
  private readonly memory: ConversationMemory;
  private answerIndex = 0;
  /** The candidate's turn the next line answers (its latency figures start there). */
  private lastUserTurnEnd: TurnTiming | undefined;
  private readonly actions = new ActionQueue();
  private readonly preemptive: PreemptiveReplies;
  /** The candidate's last turn, while its reply is unheard. */
  private unheard: UnheardTurn | undefined;
  private started = false;
  private ended: Promise<InterviewSummary> | undefined;
  private closed = false;
  private warnedNoStt = false;

  constructor(private readonly options: InterviewSessionOptions) {
    this.id = options.sessionId ?? randomUUID();
    this.now = options.now ?? steadyNow;
    this.startedAt = this.now();
    this.memory = new ConversationMemory(options.memoryBudget);
    ({
      turns: this.turns,
      listener: this.listener,
      voice: this.voice,
      grading: this.grading,
      preemptive: this.preemptive,
    } = sessionParts(options, {
      id: this.id,
      now: this.now,
      startedAt: this.startedAt,
      signal: this.controller.signal,
      transcript: this.transcript,
      phase: () => this.phase,
      emit: (event) => this.emit(event),
      onCandidateTurn: (turn, timing) => this.onCandidateTurn(turn, timing),
      onCandidatePause: (text) => this.onCandidatePause(text),
      onCandidateResume: () => this.preemptive.discard(),
      onCandidateTakeBack: () => this.onCandidateTakeBack(),
      deliver: (kind, payload) => this.deliver(kind, payload),
    }));
  }

  private get clockMs(): number {
    return this.now() - this.startedAt;
  }

  /** Resolves once the plan is ready and the greeting has begun; the interview goes on from there. */
  start(): Promise<void> {
    if (this.started) return Promise.resolve();
    this.started = true;
    let ready!: () => void;
    let failed!: (error: unknown) => void;
    const begun = new Promise<void>((resolve, reject) => {
      ready = resolve;
      failed = reject;
    });
    void this.enqueue(async () => {
      let plan: Plan;
      try {
        plan = (await sessionPlan(this.options, this.controller.signal)).plan;
      } catch (error) {
        failed(error);
        return;
      }
      this.plan = plan;
      const { planId, planner } = plan;
      this.emit({ type: 'session', sessionId: this.id, phase: 'intro', planId, planner });
      ready();
      const step = nextStep({ plan, history: [] });
      const roleTitle = defaultQuestionBank().role(plan.role)?.title ?? plan.role;
      if (step.type === 'end') {
        await this.voice.say(greeting(roleTitle, plan.format));
        void this.end('plan_complete');
        return;
      }
      const first = nextQuestion(
        { type: 'ask', step, lead: greeting(roleTitle, plan.format), llmAsked: false },
        undefined,
        0,
      );
      this.asking(first, undefined);
      await this.speak(lineOf(first, this.memory, undefined, this.replyContext));
      if (this.current) this.current.askedAt = this.now();
    });
    return begun;
  }

  pushAudio(frame: AudioFrame): void {
    if (this.closed || this.ended) return;
    if (!this.listener) {
      if (!this.warnedNoStt) {
        this.warnedNoStt = true;
        this.emitError('stt_unavailable', noStt);
      }
      return;
    }
    this.turns.heardAudio(frame);
    this.listener.push(frame);
  }

  async pushUtterance(audio: AudioInput): Promise<void> {
    if (this.closed || this.ended) return;
    const stt = this.options.stt;
    if (!stt) {
      this.emitError('stt_unavailable', noStt);
      return;
    }
    this.turns.interruptAgent();
    const at = this.clockMs;
    try {
      const result = await stt.transcribe(audio, { signal: this.controller.signal });
      const turn = { text: result.text, words: [...result.words], startMs: at, endMs: this.clockMs };
      this.onCandidateTurn(withFields(turn, { reason: 'commit' as const }), { at: this.now() });
    } catch (error) {
      if (this.closed) return;
      this.emitError('stt_failed', `Speech recognition failed: ${(error as Error).message}`);
    }
  }

  pushText(text: string): void {
    if (this.closed || this.ended) return;
    this.turns.interruptAgent();
    const at = this.clockMs;
    this.onCandidateTurn({ text, words: [], startMs: at, endMs: at, reason: 'commit' }, { at: this.now() });
  }

  pushCode(code: string, language: CodingLanguage): void {
    if (this.closed || this.ended) return;
    const current = this.current;
    if (current?.question.kind !== 'code') {
      this.emitError('not_a_coding_question', 'The current question does not take code.');
      return;
    }
    this.turns.interruptAgent();
    this.lastUserTurnEnd = { at: this.now() };
    const spoken = this.turns.pendingText;
    const at = this.clockMs;
    void this.enqueue(() => this.answer(current, spoken, { startMs: at, endMs: at }, { code, language }));
  }

  commit(): void {
    this.turns.commit();
  }

  interrupt(): void {
    this.turns.interruptAgent();
  }

  end(reason: InterviewSummary['endedBy'] = 'candidate'): Promise<InterviewSummary> {
    this.ended ??= this.enqueue(async () => {
      this.preemptive.discard();
      this.turns.dispose();
      await this.listener?.close();
      if (!this.closed && reason !== 'disconnect') await this.voice.say(closingLine);
      await this.grading.settled();
      const summary = buildSummary({
        sessionId: this.id,
        planId: this.plan?.planId ?? 'none',
        role: this.options.role,
        experienceLevel: this.options.experienceLevel,
        format: this.options.format,
        startedAt: this.startedAt,
        endedAt: this.now(),
        endedBy: reason,
        questions: this.grading.outcomes,
        transcript: this.transcript,
        promptVersion: INTERVIEWER_PROMPT_VERSION,
      });
      this.emit({ type: 'summary', summary });
      await this.deliver('report', summary);
      return summary;
    });
    return this.ended;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.controller.abort();
    this.preemptive.discard();
    this.grading.stop();
    this.turns.dispose();
    await Promise.allSettled([this.voice.stop(), this.listener?.close(), this.grading.settled()]);
  }

  preemptiveReplies(): PreemptiveCounts {
    return { ...this.preemptive.counts };
  }

  openResources(): number {
    return (
      (this.listener?.open ? 1 : 0) +
      (this.voice.current ? 1 : 0) +
      (this.preemptive.open ? 1 : 0) +
      this.turns.openTimers +
      this.grading.pending
    );
  }

  // --- asking ---------------------------------------------------------------

  /** Makes the question current (asked now) and keeps it in the memory and turn-taking. */
  private asking(next: NextQuestion, followUp: FollowUpRecord | undefined): void {
    const { question, kind } = next;
    this.current = { ...question, askedAt: this.now(), ...(followUp ? { followUp } : {}) };
    if (question.phase !== this.phase) {
      this.phase = question.phase;
      this.emit({ type: 'phase', phase: question.phase });
    }
    // A follow-up's answer may take the question's whole budget; the phase's time decides what comes after.
    this.turns.setQuestion(question.phase, question.question.timeSeconds * 1000, question.text);
    this.memory.asked(kind, question.text);
  }

  /** An interviewer line said at once; the candidate's turn it answers, if any, starts its latency figures. */
  private speak(line: InterviewerLine, options: PlayOptions = {}): Promise<void> {
    return this.voice.say(line, withFields(options, { userEnd: this.takeUserEnd() }));
  }

  private takeUserEnd(): TurnTiming | undefined {
    const userEnd = this.lastUserTurnEnd;
    this.lastUserTurnEnd = undefined;
    return userEnd;
  }

  // --- answering -----------------------------------------------------------

  private onCandidateTurn(turn: CandidateTurn, timing: TurnTiming): void {
    if (this.closed || this.ended) return;
    this.lastUserTurnEnd = timing;
    const current = this.current;
    if (!current) return;
    // A turn ended by silence is the candidate's to take back until its reply is heard.
    const unheard = turn.reason === 'silence' ? new UnheardTurn() : undefined;
    this.unheard = unheard;
    const span = { startMs: turn.startMs, endMs: turn.endMs };
    void this.enqueue(() => this.answer(current, turn.text, span, undefined, unheard));
  }

  /** The candidate went on before hearing the reply to their turn: it is withdrawn, the turn reopened. */
  private onCandidateTakeBack(): void {
    this.unheard?.take();
    this.unheard = undefined;
  }

  /** The candidate paused after a finished-sounding answer: prepare the reply while the turn is judged. */
  private onCandidatePause(text: string): void {
    const current = this.current;
    const answer = text.trim();
    if (this.closed || this.ended || this.actions.busy || this.voice.current || !current || !this.plan)
      return;
    if (!answer || current.question.kind === 'code' || asksToRepeat(answer)) return;
    const draft = async (signal: AbortSignal): Promise<ReplyDraft> => {
      const quick = await this.grading.quick(current, answer);
      const { memory, history } = this.unsettled(current, answer, answer, undefined, quick);
      const cutIn = overBudget(current, this.now());
      return draftReply({ current, answer, quick, cutIn, memory, history, signal }, this.replyContext);
    };
    this.preemptive.start(answer, current, draft, this.controller.signal);
  }

  /**
   * An answer not kept yet, as its reply is drafted from it, changing nothing of the session: its
   * record, and copies of the memory (`said` in it) and the history that hold it.
   */
  private unsettled(
    current: CurrentQuestion,
    answer: string,
    said: string,
    code: CodeAnswer | undefined,
    quick: AnswerGrade,
  ) {
    const record = answerRecord(this.history, current, answer, code, quick, this.now());
    const memory = this.memory.fork();
    memory.answered(said);
    return { record, memory, history: [...this.history, record] };
  }

  /** What a reply is drafted from, as the interview stands now. */
  private get replyContext(): ReplyContext {
    const { llm, followUpTimeoutMs } = this.options;
    return { plan: this.plan!, llm, followUpTimeoutMs, voice: this.voice, answerIndex: this.answerIndex };
  }

  private async answer(
    current: CurrentQuestion,
    text: string,
    span: { startMs: number; endMs: number },
    code?: CodeAnswer,
    unheard?: UnheardTurn,
  ): Promise<void> {
    if (this.closed || this.ended || this.current !== current || unheard?.taken) {
      this.preemptive.discard();
      return;
    }
    const answerText = text.trim();
    if (asksToRepeat(answerText)) {
      this.settleAnswer(current, answerText, span);
      this.answerIndex += 1;
      this.preemptive.discard();
      await this.speak(`${repeatPrefix} ${current.text}`);
      current.askedAt = this.now();
      return;
    }
    // Over its time budget (cut in at a pause, or simply long): the polite line, and the floor is held.
    const cutIn = this.turns.takeCutIn() || overBudget(current, this.now());
    if (code) this.preemptive.discard();
    const prepared = code
      ? undefined
      : await this.preemptive.take(answerText, current, (draft) => draft.cutIn === cutIn);
    const said = code ? `${answerText} (submitted ${code.language} code)`.trim() : answerText;
    // The rubric decides the next step at once; an LLM grade (when configured) follows in the background.
    const quick = prepared?.quick ?? (await this.grading.quick(current, answerText, code));
    // Nothing of the answer is kept until its reply is heard: the candidate may still go on.
    const { record, memory, history } = this.unsettled(current, answerText, said, code, quick);
    const signal = unheard?.signalWith(this.controller.signal) ?? this.controller.signal;
    const input = { current, answer: answerText, code, quick, cutIn, memory, history, signal };
    const drafting = prepared ? Promise.resolve(prepared) : draftReply(input, this.replyContext);
    // Taken back before a sound of it, the reply goes unheard (untilAudible withdraws it) and the turn is open again.
    const reply = await untilAudible(drafting, unheard, {
      cutIn,
      turns: this.turns,
      lateMs: this.options.holdingLineAfterMs ?? 2_500,
      noiseMs: (this.options.turnSettings ?? defaultTurnSettings).falseInterruptionMs,
      withdraw: (draft) => this.preemptive.withdraw(draft, prepared !== undefined),
    });
    if (!reply || this.closed || this.ended) {
      if (reply?.next) this.voice.discard(reply.next.line);
      return;
    }
    // The reply is about to sound: the answer stands.
    this.turns.replyHeard();
    if (prepared) this.preemptive.used();
    this.settleAnswer(current, answerText, span);
    this.memory.answered(said);
    this.history.push(record);
    const outcome = this.grading.record(current, answerText, span, code, quick);
    this.answerIndex += 1;
    const { move, next } = reply;
    if (!next) {
      this.turns.holdFloor(false);
      if (move.type === 'end') void this.end(move.reason);
      return;
    }
    const { choice } = next.question;
    const followUp = choice ? followUpRecord(choice, current.questionId, outcome.evidence[0]) : undefined;
    this.turns.holdFloor(cutIn);
    try {
      this.asking(next.question, followUp);
      const { proposalMs } = next.question;
      await this.voice.play(next.line, { followUp, userEnd: this.takeUserEnd(), cutIn, proposalMs });
      // The question's line is over: its answer's time (budget, elapsed) starts now, not while it was said.
      if (this.current) this.current.askedAt = this.now();
    } finally {
      this.turns.holdFloor(false);
    }
  }

  /** The candidate's answer, final: shown, and kept in the transcript. */
  private settleAnswer(current: CurrentQuestion, text: string, span: { startMs: number; endMs: number }) {
    const turnId = `${this.id}-a${this.answerIndex + 1}`;
    const said = { role: 'candidate', final: true, phase: current.phase, turnId } as const;
    this.emit({ type: 'transcript', ...said, text, ...span });
    if (text) this.transcript.push({ speaker: 'candidate', ...span, text });
  }

  // --- plumbing ------------------------------------------------------------

  private async deliver(kind: 'eval-result' | 'report', payload: unknown): Promise<void> {
    if (!this.options.deliver) return;
    try {
      await this.options.deliver(kind, payload);
    } catch (error) {
      this.emitError('delivery_failed', `Could not record the ${kind}: ${(error as Error).message}`);
    }
  }

  private enqueue<T>(action: () => Promise<T>): Promise<T> {
    return this.actions.run(action);
  }

  private emit(event: SessionEvent): void {
    if (this.closed && event.type !== 'error') return;
    try {
      this.options.onEvent(event);
    } catch {
      // A transport that cannot take an event must not break the interview.
    }
  }

  private emitError(code: string, message: string): void {
    this.emit({ type: 'error', code, message, fatal: false });
  }
}
