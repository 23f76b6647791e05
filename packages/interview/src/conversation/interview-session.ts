import { randomUUID } from 'node:crypto';
import type { AudioFrame, AudioInput } from '@bot-backend/interfaces';
import type { CandidateListener, CandidateTurn, TurnTaking, TurnTiming } from '@bot-backend/voice';
import { type AnswerRecord, type NextStep, nextStep } from '../planning/next-step.js';
import type { CodingLanguage, PhaseName, Plan } from '../planning/plan-schema.js';
import { defaultQuestionBank } from '../planning/question-bank.js';
import type { AnswerGrading } from './answer-grading.js';
import { buildSummary } from './build-summary.js';
import { ConversationMemory } from './conversation-memory.js';
import type { CodeAnswer, CurrentQuestion } from './current-question.js';
import { type FollowUpChoice, followUpRecord } from './follow-up-choice.js';
import type { InterviewSession, InterviewSessionOptions } from './interview-session-options.js';
import type { EvidenceSpan, InterviewSummary } from './interview-summary.js';
import {
  closingLine,
  greeting,
  INTERVIEWER_PROMPT_VERSION,
  repeatPrefix,
  transition,
} from './interviewer-lines.js';
import type { InterviewerVoice } from './interviewer-voice.js';
import { answerRecord, decideNextMove } from './next-move.js';
import { questionLine } from './question-line.js';
import type { SessionEvent } from './session-events.js';
import { sessionParts, sessionPlan } from './session-parts.js';

const repeatRequest =
  /\b(repeat|say (that|it) again|pardon|didn'?t (catch|hear|get) (that|it|you)|come again)\b/i;

/** "Sorry, could you repeat the question?": a request, not an answer. */
function asksToRepeat(text: string): boolean {
  return repeatRequest.test(text) && text.split(/\s+/).length <= 12;
}

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
  /** Conversation actions run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private started = false;
  private ended: Promise<InterviewSummary> | undefined;
  private closed = false;
  private warnedNoStt = false;

  constructor(private readonly options: InterviewSessionOptions) {
    this.id = options.sessionId ?? randomUUID();
    this.now = options.now ?? (() => Date.now());
    this.startedAt = this.now();
    this.memory = new ConversationMemory(options.memoryBudget);
    ({
      turns: this.turns,
      listener: this.listener,
      voice: this.voice,
      grading: this.grading,
    } = sessionParts(options, {
      id: this.id,
      now: this.now,
      startedAt: this.startedAt,
      signal: this.controller.signal,
      transcript: this.transcript,
      phase: () => this.phase,
      emit: (event) => this.emit(event),
      onCandidateTurn: (turn, timing) => this.onCandidateTurn(turn, timing),
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
      this.emit({
        type: 'session',
        sessionId: this.id,
        phase: 'intro',
        planId: plan.planId,
        planner: plan.planner,
      });
      ready();
      const step = nextStep({ plan, history: [] });
      const roleTitle = defaultQuestionBank().role(plan.role)?.title ?? plan.role;
      if (step.type === 'end') {
        await this.voice.say(greeting(roleTitle, plan.format));
        void this.end('plan_complete');
        return;
      }
      await this.ask(step, greeting(roleTitle, plan.format));
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
      this.onCandidateTurn({ ...turn, reason: 'commit' }, { at: this.now() });
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
    this.grading.stop();
    this.turns.dispose();
    await Promise.allSettled([this.voice.stop(), this.listener?.close(), this.grading.settled()]);
  }

  openResources(): number {
    return (
      (this.listener?.open ? 1 : 0) +
      (this.voice.current ? 1 : 0) +
      this.turns.openTimers +
      this.grading.pending
    );
  }

  // --- planning and asking -------------------------------------------------

  /** Ask the step's question, with an optional lead-in line. */
  private async ask(step: Exclude<NextStep, { type: 'end' }>, leadIn: string, previousAnswer?: string) {
    const phase = step.phase;
    const phaseChanged = step.phaseChanged || this.current === undefined;
    const text = step.type === 'follow_up' ? step.text : step.question.text;
    const question = step.type === 'follow_up' ? this.current!.question : step.question;
    this.current = {
      questionId: step.type === 'follow_up' ? step.questionId : step.question.id,
      followUpIndex: step.type === 'follow_up' ? step.followUpIndex : undefined,
      phase,
      question,
      text,
      askedAt: this.now(),
    };
    if (phase !== this.phase) {
      this.phase = phase;
      this.emit({ type: 'phase', phase });
    }
    this.turns.setQuestion(phase, question.timeSeconds * 1000);
    this.memory.asked('question', text);
    const lead = phaseChanged && this.voice.spokenLines > 0 ? transition(phase) : '';
    await this.speak(this.line(text, leadIn, previousAnswer, lead));
  }

  /** A follow-up to the main question just answered, chosen and checked before it is asked. */
  private async askFollowUp(
    main: CurrentQuestion,
    choice: FollowUpChoice,
    lead: string,
    answer: { text: string; span: EvidenceSpan | undefined },
  ): Promise<void> {
    const followUp = followUpRecord(choice, main.questionId, answer.span);
    this.current = { ...main, followUpIndex: 0, text: choice.text, askedAt: this.now(), followUp };
    // Its answer may take the question's whole budget; the phase's time decides what comes after.
    this.turns.setQuestion(main.phase, main.question.timeSeconds * 1000);
    this.memory.asked('follow_up', choice.text);
    await this.speak(this.line(choice.text, lead, answer.text || '(no answer)'), followUp);
  }

  private line(question: string, leadIn: string, previousAnswer: string | undefined, lead = '') {
    const { llm } = this.options;
    return questionLine({
      llm,
      plan: this.plan!,
      memory: this.memory,
      question,
      leadIn,
      previousAnswer,
      transition: lead,
    });
  }

  /** An interviewer line; the candidate's turn it answers, if any, starts its latency figures. */
  private speak(...[line, followUp]: Parameters<InterviewerVoice['say']>): Promise<void> {
    const userEnd = this.lastUserTurnEnd;
    this.lastUserTurnEnd = undefined;
    return this.voice.say(line, followUp, userEnd);
  }

  // --- answering -----------------------------------------------------------

  private onCandidateTurn(turn: CandidateTurn, timing: TurnTiming): void {
    if (this.closed || this.ended) return;
    this.lastUserTurnEnd = timing;
    const current = this.current;
    if (!current) return;
    void this.enqueue(() => this.answer(current, turn.text, { startMs: turn.startMs, endMs: turn.endMs }));
  }

  private async answer(
    current: CurrentQuestion,
    text: string,
    span: { startMs: number; endMs: number },
    code?: CodeAnswer,
  ): Promise<void> {
    if (this.closed || this.ended || this.current !== current) return;
    const answerText = text.trim();
    const turnId = `${this.id}-a${++this.answerIndex}`;
    this.emit({
      type: 'transcript',
      role: 'candidate',
      text: answerText,
      final: true,
      phase: current.phase,
      turnId,
      ...span,
    });
    if (answerText) this.transcript.push({ speaker: 'candidate', ...span, text: answerText });

    if (asksToRepeat(answerText)) {
      await this.speak(`${repeatPrefix} ${current.text}`);
      current.askedAt = this.now();
      return;
    }
    this.memory.answered(code ? `${answerText} (submitted ${code.language} code)`.trim() : answerText);

    // The rubric decides the next step at once; an LLM grade (when configured) follows in the background.
    const quick = await this.grading.quick(current, answerText, code);
    this.history.push(answerRecord(this.history, current, answerText, code, quick, this.now()));
    const outcome = this.grading.record(current, answerText, span, code, quick);
    // Over its time budget (cut in at a pause, or simply long): the polite line, and the floor is held.
    const cutIn =
      this.turns.takeCutIn() || this.now() - current.askedAt > current.question.timeSeconds * 1000;
    const move = await decideNextMove({
      plan: this.plan!,
      history: this.history,
      current,
      answer: answerText,
      code,
      quick,
      cutIn,
      answerIndex: this.answerIndex,
      memory: this.memory,
      llm: this.options.llm,
      signal: this.controller.signal,
      followUpTimeoutMs: this.options.followUpTimeoutMs,
    });
    if (this.closed || this.ended) return;
    if (move.type === 'end') {
      void this.end(move.reason);
      return;
    }
    this.turns.holdFloor(cutIn);
    try {
      if (move.type === 'follow_up') {
        await this.askFollowUp(current, move.choice, move.lead, {
          text: answerText,
          span: outcome.evidence[0],
        });
      } else {
        await this.ask(move.step, move.lead, answerText || '(no answer)');
      }
    } finally {
      this.turns.holdFloor(false);
    }
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
    const run = this.queue.then(action, action);
    this.queue = run.catch(() => {});
    return run;
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
