import { randomUUID } from 'node:crypto';
import type { AudioFrame, AudioInput, SttSession, SttStreamPart } from '@bot-backend/interfaces';
import {
  type CandidateTurn,
  classifyInterruption,
  defaultTurnSettings,
  EndOfTurnDetector,
  type SentenceFilter,
  type StreamedTurn,
  startStreamedTurn,
  TurnClock,
  type TurnSettings,
} from '@bot-backend/voice';
import { evaluateCode } from '../evaluation/evaluate-code.js';
import { evaluateVerbal } from '../evaluation/evaluate-verbal.js';
import type { CodeEvaluation, VerbalEvaluation } from '../evaluation/evaluation-schemas.js';
import { type PlanOutcome, planInterview } from '../planning/llm-planner.js';
import { type AnswerRecord, type NextStep, nextStep } from '../planning/next-step.js';
import type { CodingLanguage, PhaseName, Plan, PlanQuestion } from '../planning/plan-schema.js';
import { defaultQuestionBank } from '../planning/question-bank.js';
import { buildSummary } from './build-summary.js';
import { ConversationMemory } from './conversation-memory.js';
import {
  type FollowUpChoice,
  followUpAfter,
  followUpRecord,
  withMainAssessment,
} from './follow-up-choice.js';
import { gradeView } from './grade-view.js';
import { replyGuard } from './guarded-reply.js';
import type { InterviewSession, InterviewSessionOptions } from './interview-session-options.js';
import type { EvidenceSpan, FollowUpRecord, InterviewSummary, QuestionOutcome } from './interview-summary.js';
import {
  acknowledgement,
  closingLine,
  cutInLine,
  followUpCutInLine,
  greeting,
  holdingLine,
  INTERVIEWER_PROMPT_VERSION,
  repeatPrefix,
  replyMessages,
  scriptedReply,
  transition,
} from './interviewer-lines.js';

interface CurrentQuestion {
  questionId: string;
  followUpIndex?: number | undefined;
  phase: PhaseName;
  question: PlanQuestion;
  /** What was actually asked (the follow-up's text for a follow-up). */
  text: string;
  askedAt: number;
  /** Set for a follow-up: where it came from and what it refers to. */
  followUp?: FollowUpRecord | undefined;
}

/** Candidate audio heard while the agent talks, not yet known to be an interruption. */
interface PendingInterruption {
  startedAt: number;
  parts: SttStreamPart[];
  timer: ReturnType<typeof setTimeout>;
}

const repeatRequest =
  /\b(repeat|say (that|it) again|pardon|didn'?t (catch|hear|get) (that|it|you)|come again)\b/i;

/** "Sorry, could you repeat the question?": a request, not an answer. */
function asksToRepeat(text: string): boolean {
  return repeatRequest.test(text) && text.split(/\s+/).length <= 12;
}

export function createInterviewSession(options: InterviewSessionOptions): InterviewSession {
  return new Session(options);
}

/**
 * One interview: follows a plan through its phases, speaks (or writes) the
 * interviewer's lines as streamed turns, listens through the end-of-turn
 * detector, handles barge-in, evaluates each answer in the background and
 * ends with a summary. Every vendor is optional: without them it is a typed
 * interview with bank questions, scripted lines and the rubric.
 */
class Session implements InterviewSession {
  readonly id: string;
  private readonly now: () => number;
  private readonly settings: TurnSettings;
  private readonly detector: EndOfTurnDetector;
  private readonly controller = new AbortController();
  private readonly startedAt: number;
  private plan: Plan | undefined;
  private phase: PhaseName = 'intro';
  private current: CurrentQuestion | undefined;
  private readonly history: AnswerRecord[] = [];
  private readonly outcomes: QuestionOutcome[] = [];
  private readonly transcript: EvidenceSpan[] = [];
  /** The interview so far, as the LLM interviewer sees it, and the orders the candidate gave. */
  private readonly memory: ConversationMemory;
  private readonly evaluations = new Set<Promise<void>>();
  private agentTurn: StreamedTurn | undefined;
  private agentTurnIndex = 0;
  private answerIndex = 0;
  private stt: SttSession | undefined;
  private sttStartedAt = 0;
  private sttFailed = false;
  private pending: PendingInterruption | undefined;
  private lastUserTurnEnd: { at: number; sttFinalAt?: number; speechEndAt?: number } | undefined;
  /** When the last final transcript arrived, and when (wall clock) the speech it covers ended. */
  private lastFinal: { at: number; speechEndAt: number } | undefined;
  private cutInRequested = false;
  /** The interviewer is cutting in on a long answer: candidate speech does not stop it. */
  private holdingFloor = false;
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
    this.settings = options.turnSettings ?? defaultTurnSettings;
    this.memory = new ConversationMemory(options.memoryBudget);
    this.detector = new EndOfTurnDetector(
      this.settings,
      {
        onTurn: (turn) => this.onCandidateTurn(turn),
        onOverBudget: () => {
          // A polite cut-in at this pause: end the answer here.
          this.cutInRequested = true;
          this.detector.commit();
        },
      },
      { phase: 'intro', now: this.now },
    );
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
        plan = (await this.makePlan()).plan;
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
        await this.say(greeting(roleTitle, plan.format));
        void this.end('plan_complete');
        return;
      }
      await this.ask(step, greeting(roleTitle, plan.format));
    });
    return begun;
  }

  pushAudio(frame: AudioFrame): void {
    if (this.closed || this.ended) return;
    const stt = this.options.stt;
    if (!stt) {
      if (!this.warnedNoStt) {
        this.warnedNoStt = true;
        this.emitError(
          'stt_unavailable',
          'Speech recognition is not configured; please type your answers.',
          false,
        );
      }
      return;
    }
    if (!this.stt) this.openStt();
    this.stt?.push(frame);
  }

  async pushUtterance(audio: AudioInput): Promise<void> {
    if (this.closed || this.ended) return;
    const stt = this.options.stt;
    if (!stt) {
      this.emitError(
        'stt_unavailable',
        'Speech recognition is not configured; please type your answers.',
        false,
      );
      return;
    }
    this.interruptAgent();
    const at = this.clockMs;
    try {
      const result = await stt.transcribe(audio, { signal: this.controller.signal });
      const endedAt = this.clockMs;
      this.lastUserTurnEnd = { at: this.now() };
      this.onCandidateTurn(
        { text: result.text, words: [...result.words], startMs: at, endMs: endedAt, reason: 'commit' },
        true,
      );
    } catch (error) {
      if (this.closed) return;
      this.emitError('stt_failed', `Speech recognition failed: ${(error as Error).message}`, false);
    }
  }

  pushText(text: string): void {
    if (this.closed || this.ended) return;
    this.interruptAgent();
    const at = this.clockMs;
    this.lastUserTurnEnd = { at: this.now() };
    this.onCandidateTurn({ text, words: [], startMs: at, endMs: at, reason: 'commit' }, true);
  }

  pushCode(code: string, language: CodingLanguage): void {
    if (this.closed || this.ended) return;
    const current = this.current;
    if (current?.question.kind !== 'code') {
      this.emitError('not_a_coding_question', 'The current question does not take code.', false);
      return;
    }
    this.interruptAgent();
    this.lastUserTurnEnd = { at: this.now() };
    const spoken = this.detector.pendingText;
    const at = this.clockMs;
    void this.enqueue(() => this.answer(current, spoken, { startMs: at, endMs: at }, { code, language }));
  }

  commit(): void {
    this.detector.commit();
  }

  interrupt(): void {
    this.interruptAgent();
  }

  end(reason: InterviewSummary['endedBy'] = 'candidate'): Promise<InterviewSummary> {
    this.ended ??= this.enqueue(async () => {
      this.detector.dispose();
      await this.closeStt();
      if (!this.closed && reason !== 'disconnect') await this.say(closingLine);
      await Promise.allSettled([...this.evaluations]);
      const plan = this.plan;
      const summary = buildSummary({
        sessionId: this.id,
        planId: plan?.planId ?? 'none',
        role: this.options.role,
        experienceLevel: this.options.experienceLevel,
        format: this.options.format,
        startedAt: this.startedAt,
        endedAt: this.now(),
        endedBy: reason,
        questions: this.outcomes,
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
    this.clearPending();
    this.detector.dispose();
    this.agentTurn?.interrupt();
    await this.closeStt();
    await Promise.allSettled([this.agentTurn?.result, ...this.evaluations]);
  }

  openResources(): number {
    return (this.stt ? 1 : 0) + (this.agentTurn ? 1 : 0) + (this.pending ? 1 : 0) + this.evaluations.size;
  }

  // --- planning and asking -------------------------------------------------

  private async makePlan(): Promise<PlanOutcome> {
    const { options } = this;
    if (options.plan) return { plan: options.plan, violations: [], llmCalls: 0 };
    return planInterview(
      {
        role: options.role,
        experienceLevel: options.experienceLevel,
        format: options.format,
        durationMinutes: options.durationMinutes ?? 30,
        codingLanguage: options.codingLanguage,
        seed: options.seed,
      },
      { llm: options.llm, signal: this.controller.signal },
    );
  }

  /** Ask the step's question, with an optional lead-in line. */
  private async ask(
    step: Exclude<NextStep, { type: 'end' }>,
    leadIn: string,
    previousAnswer?: string,
  ): Promise<void> {
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
    this.detector.setQuestion(phase, question.timeSeconds * 1000);
    this.memory.asked('question', text);
    const lead = phaseChanged && this.agentTurnIndex > 0 ? transition(phase) : '';
    await this.say(this.lineFor(text, leadIn, previousAnswer, lead));
  }

  /**
   * The line that asks `question`: after an answer and with an LLM, the model
   * phrases it, seeing the interview so far, and every sentence is checked
   * before it is spoken (guarded-reply.ts); otherwise the scripted line.
   */
  private lineFor(
    question: string,
    leadIn: string,
    previousAnswer: string | undefined,
    lead = '',
  ): string | { messages: ReturnType<typeof replyMessages>; fallback: string; filter: SentenceFilter } {
    const scripted = scriptedReply({ ack: leadIn, transition: lead, question });
    const llm = this.options.llm;
    // A follow-up that cuts in keeps its fixed words (the model's cut-in line says it moves on).
    if (!llm || previousAnswer === undefined || leadIn === followUpCutInLine) return scripted;
    const plan = this.plan!;
    return {
      messages: replyMessages({
        roleTitle: defaultQuestionBank().role(plan.role)?.title ?? plan.role,
        level: plan.experienceLevel,
        answer: previousAnswer,
        question,
        transition: lead || undefined,
        cutIn: leadIn === cutInLine,
        memory: this.memory,
      }),
      fallback: scripted,
      filter: replyGuard({ question, echo: this.memory.echo }),
    };
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
    this.detector.setQuestion(main.phase, main.question.timeSeconds * 1000);
    this.memory.asked('follow_up', choice.text);
    await this.say(this.lineFor(choice.text, lead, answer.text || '(no answer)'), followUp);
  }

  /**
   * One interviewer turn, streamed. With an LLM request, a failure before any
   * word is covered by the scripted fallback line, so the candidate always hears the question.
   */
  private async say(line: ReturnType<Session['lineFor']>, followUp?: FollowUpRecord): Promise<void> {
    if (this.closed) return;
    const turnId = `${this.id}-t${++this.agentTurnIndex}`;
    const clock = new TurnClock(turnId, this.now);
    const userEnd = this.lastUserTurnEnd;
    this.lastUserTurnEnd = undefined;
    if (userEnd) {
      clock.mark('userTurnEnd', userEnd.at);
      if (userEnd.sttFinalAt !== undefined) clock.mark('sttFinal', userEnd.sttFinalAt);
      if (userEnd.speechEndAt !== undefined) clock.mark('speechEnd', userEnd.speechEndAt);
    }
    const { options } = this;
    const startMs = this.clockMs;
    const spoken: string[] = [];
    const common = {
      tts: options.tts,
      sink: options.sink,
      sampleRate: options.outputSampleRate ?? 24_000,
      voice: options.voice,
      clock,
      signal: this.controller.signal,
      unplayedLeadMs: options.sinkLeadMs,
      holdingLine: { text: holdingLine, afterMs: options.holdingLineAfterMs ?? 2_500 },
      onSentence: (sentence: string) => {
        spoken.push(sentence);
        this.emit({
          type: 'transcript',
          role: 'interviewer',
          text: spoken.join(' '),
          final: false,
          phase: this.phase,
          turnId,
        });
      },
    };
    let turn =
      typeof line === 'string'
        ? startStreamedTurn({ ...common, text: line })
        : startStreamedTurn({
            ...common,
            llm: options.llm,
            request: { messages: line.messages, temperature: 0.4 },
            sentenceFilter: line.filter,
          });
    this.agentTurn = turn;
    let result = await turn.result;
    if (typeof line !== 'string' && !result.interrupted && result.heardText.trim() === '' && !this.closed) {
      // Nothing was said (the LLM failed before its first kept word, all fallbacks spent): the scripted line instead.
      if (result.error)
        this.emitError('llm_failed', 'The interviewer model failed; continuing with a scripted line.', false);
      turn = startStreamedTurn({ ...common, text: line.fallback, holdingLine: undefined });
      this.agentTurn = turn;
      result = await turn.result;
    }
    this.agentTurn = undefined;
    this.clearPending();
    const endMs = this.clockMs;
    const tag = followUp
      ? { kind: 'follow_up' as const, refersTo: followUp.refersTo?.quote, missedPoint: followUp.missedPoint }
      : {};
    if (result.heardText) {
      const { missedPoint: _point, ...spanTag } = tag;
      this.transcript.push({ speaker: 'interviewer', startMs, endMs, text: result.heardText, ...spanTag });
    }
    this.emit({
      type: 'transcript',
      role: 'interviewer',
      text: result.heardText,
      final: true,
      phase: this.phase,
      turnId,
      startMs,
      endMs,
      interrupted: result.interrupted || undefined,
      ...tag,
    });
    if (result.error && result.text) {
      this.emitError(
        'vendor_failed',
        `A ${result.error.vendor} call failed mid-turn (${result.error.kind}).`,
        false,
      );
    }
    const metrics = result.metrics;
    if (userEnd || metrics.llmFirstTokenMs !== undefined || metrics.firstAudioMs !== undefined) {
      this.emit({ type: 'metrics', ...metrics });
      options.onMetrics?.(metrics);
    }
  }

  // --- listening -----------------------------------------------------------

  private openStt(): void {
    const stt = this.options.stt!;
    if (this.sttFailed) return;
    this.sttStartedAt = this.clockMs;
    const session = stt.stream({
      sampleRate: this.options.inputSampleRate ?? 16_000,
      interimResults: true,
      signal: this.controller.signal,
    });
    this.stt = session;
    void (async () => {
      for await (const part of session) {
        if (this.closed) break;
        if (part.type === 'error') {
          if (part.error.kind !== 'cancelled') {
            this.emitError('stt_failed', `Speech recognition failed (${part.error.kind}).`, false);
          }
          break;
        }
        this.onSttPart(this.shift(part));
      }
      if (this.stt === session) this.stt = undefined;
    })();
  }

  private async closeStt(): Promise<void> {
    const session = this.stt;
    this.stt = undefined;
    await session?.close().catch(() => {});
  }

  /** STT times are from the STT session's start; the transcript uses the session clock. */
  private shift(part: SttStreamPart): SttStreamPart {
    if (part.type !== 'transcript-final' && part.type !== 'transcript-partial') return part;
    const offset = this.sttStartedAt;
    return {
      ...part,
      startMs: part.startMs + offset,
      endMs: part.endMs + offset,
      words: part.words.map((w) => ({ ...w, startMs: w.startMs + offset, endMs: w.endMs + offset })),
    };
  }

  private onSttPart(part: SttStreamPart): void {
    if (part.type === 'transcript-partial' && part.text.trim()) {
      this.emit({
        type: 'transcript',
        role: 'candidate',
        text: part.text,
        final: false,
        phase: this.phase,
        turnId: 'live',
      });
    }
    if (part.type === 'transcript-final' && part.text.trim()) {
      // part.endMs is on the session clock (audio pushed in real time), so the STT's delay is now minus it.
      this.lastFinal = { at: this.now(), speechEndAt: Math.min(this.now(), this.startedAt + part.endMs) };
    }
    const talking = this.agentTurn !== undefined;
    // While cutting in, the rest of the over-long answer is not an interruption and not the next answer.
    if (talking && this.holdingFloor) return;
    if (!talking) {
      this.detector.push(part);
      return;
    }
    // The agent is talking: hold the candidate's sound until we know what it is.
    const speech =
      part.type === 'speech-start' || part.type === 'transcript-partial' || part.type === 'transcript-final';
    if (!speech) {
      if (this.pending) this.pending.parts.push(part);
      return;
    }
    if (!this.pending) {
      this.agentTurn?.playout?.pause();
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

  /** A real interruption stops the agent and the held speech starts the candidate's turn; otherwise the agent resumes. */
  private resolvePending(interruption: boolean): void {
    const pending = this.pending;
    if (!pending) return;
    this.clearPending();
    if (interruption) {
      this.interruptAgent();
      for (const part of pending.parts) this.detector.push(part);
    } else {
      this.agentTurn?.playout?.resume();
    }
  }

  private clearPending(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = undefined;
  }

  private interruptAgent(): void {
    this.clearPending();
    this.agentTurn?.interrupt();
  }

  private onCandidateTurn(turn: CandidateTurn, typed = false): void {
    if (this.closed || this.ended) return;
    if (!typed) {
      this.lastUserTurnEnd = {
        at: this.now(),
        sttFinalAt: this.lastFinal?.at,
        speechEndAt: this.lastFinal?.speechEndAt,
      };
    }
    const current = this.current;
    if (!current) return;
    void this.enqueue(() => this.answer(current, turn.text, { startMs: turn.startMs, endMs: turn.endMs }));
  }

  // --- answering -----------------------------------------------------------

  private async answer(
    current: CurrentQuestion,
    text: string,
    span: { startMs: number; endMs: number },
    code?: { code: string; language: CodingLanguage },
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
      await this.say(`${repeatPrefix} ${current.text}`);
      current.askedAt = this.now();
      return;
    }
    this.memory.answered(code ? `${answerText} (submitted ${code.language} code)`.trim() : answerText);

    // The rubric decides the next step at once; an LLM grade (when configured) follows in the background.
    const quick = code
      ? await this.gradeCode(current, code, false)
      : await this.gradeVerbal(current, answerText, false);
    const record: AnswerRecord = {
      questionId: current.questionId,
      ...(current.followUpIndex !== undefined ? { followUpIndex: current.followUpIndex } : {}),
      answer: code ? code.code : answerText,
      evaluation: { score: quick.score, gates: { empty: quick.gates.empty } },
      elapsedSeconds: Math.max(1, Math.round((this.now() - current.askedAt) / 1000)),
    };
    if ('length' in quick.gates) record.evaluation!.gates = { ...quick.gates };
    this.history.push(current.followUp ? withMainAssessment(this.history, record) : record);
    const outcome: QuestionOutcome = {
      questionId:
        current.followUpIndex !== undefined
          ? `${current.questionId}#${current.followUpIndex}`
          : current.questionId,
      phase: current.phase,
      kind: code ? 'code' : 'verbal',
      question: current.text,
      answer: answerText,
      ...gradeView(current.phase, current.question, quick),
      feedback: quick.feedback,
      evaluator: quick.evaluator,
      gates: { ...quick.gates },
      evidence: answerText ? [{ speaker: 'candidate', ...span, text: answerText }] : [],
      ...(current.followUp ? { followUp: current.followUp } : {}),
      ...(code
        ? {
            code: {
              language: code.language,
              source: code.code,
              ...('tests' in quick && quick.tests
                ? { passed: quick.tests.passed, total: quick.tests.total }
                : {}),
            },
          }
        : {}),
    };
    this.outcomes.push(outcome);
    this.track(this.finishEvaluation(current, outcome, answerText, code, quick));

    const plan = this.plan!;
    // Over its time budget (cut in at a pause, or simply long): the polite line, and the floor is held.
    const cutIn = this.cutInRequested || this.now() - current.askedAt > current.question.timeSeconds * 1000;
    this.cutInRequested = false;
    const followUp =
      code || quick.gates.empty
        ? undefined
        : await followUpAfter({
            plan,
            history: this.history,
            phase: current.phase,
            question: current.question,
            questionText: current.text,
            answer: answerText,
            memory: this.memory,
            llm: this.options.llm,
            signal: this.controller.signal,
            timeoutMs: this.options.followUpTimeoutMs,
          });
    if (this.closed || this.ended) return;
    if (followUp) {
      // After a cut-in the follow-up brings a long answer back to its point.
      const lead = cutIn ? followUpCutInLine : acknowledgement(this.answerIndex, false);
      this.holdingFloor = cutIn;
      try {
        await this.askFollowUp(current, followUp, lead, { text: answerText, span: outcome.evidence[0] });
      } finally {
        this.holdingFloor = false;
      }
      return;
    }
    const step = nextStep({ plan, history: this.history }, defaultQuestionBank(), { followUps: false });
    if (step.type === 'end') {
      void this.end(step.reason);
      return;
    }
    const lead = cutIn ? cutInLine : acknowledgement(this.answerIndex, quick.gates.empty);
    this.holdingFloor = cutIn;
    try {
      await this.ask(step, lead, answerText || '(no answer)');
    } finally {
      this.holdingFloor = false;
    }
  }

  private async gradeVerbal(
    current: CurrentQuestion,
    answer: string,
    withLlm: boolean,
  ): Promise<VerbalEvaluation> {
    const q = current.question;
    return evaluateVerbal(
      {
        role: this.options.role,
        experienceLevel: this.options.experienceLevel,
        question: {
          id: current.questionId,
          text: current.text,
          expectedKeywords: q.expectedKeywords,
          followUps: q.followUps,
          phase: current.phase,
          difficulty: q.difficulty,
          scale: q.scale,
        },
        answer,
      },
      withLlm
        ? {
            llm: this.options.llm,
            moderator: this.options.moderator,
            model: this.options.feedbackModel,
            signal: this.controller.signal,
          }
        : {},
    );
  }

  private async gradeCode(
    current: CurrentQuestion,
    code: { code: string; language: CodingLanguage },
    withLlm: boolean,
  ): Promise<CodeEvaluation> {
    const q = current.question;
    return evaluateCode(
      {
        role: this.options.role,
        experienceLevel: this.options.experienceLevel,
        question: {
          id: current.questionId,
          prompt: current.text,
          language: q.language,
          entryPoint: q.entryPoint,
          tests: q.tests?.map((t) => ({ args: t.args, expected: t.expected })),
        },
        language: code.language,
        code: code.code,
      },
      {
        runTests: this.options.runTests,
        ...(withLlm
          ? {
              llm: this.options.llm,
              moderator: this.options.moderator,
              model: this.options.feedbackModel,
              signal: this.controller.signal,
            }
          : {}),
      },
    );
  }

  /** The final grade (LLM when configured), reported and delivered. */
  private async finishEvaluation(
    current: CurrentQuestion,
    outcome: QuestionOutcome,
    answer: string,
    code: { code: string; language: CodingLanguage } | undefined,
    quick: VerbalEvaluation | CodeEvaluation,
  ): Promise<void> {
    let final = quick;
    if (this.options.llm && !quick.gates.empty) {
      try {
        final = code
          ? await this.gradeCode(current, code, true)
          : await this.gradeVerbal(current, answer, true);
      } catch {
        // The rubric grade stands; the evaluator logs its own fallbacks.
      }
    }
    if (this.closed) return;
    Object.assign(outcome, gradeView(current.phase, current.question, final));
    outcome.feedback = final.feedback;
    outcome.evaluator = final.evaluator;
    outcome.gates = { ...final.gates };
    this.emit({
      type: 'evaluation',
      questionId: outcome.questionId,
      score: final.score,
      feedback: final.feedback,
      evaluator: final.evaluator,
      gates: { ...final.gates },
      graded: outcome.graded,
      scale: outcome.scale,
      anchor: outcome.anchor,
    });
    await this.deliver('eval-result', {
      sessionId: this.id,
      questionId: outcome.questionId,
      kind: outcome.kind,
      question: outcome.question,
      answer: code ? code.code : answer,
      ...final,
    });
  }

  // --- plumbing ------------------------------------------------------------

  private async deliver(kind: 'eval-result' | 'report', payload: unknown): Promise<void> {
    if (!this.options.deliver) return;
    try {
      await this.options.deliver(kind, payload);
    } catch (error) {
      this.emitError('delivery_failed', `Could not record the ${kind}: ${(error as Error).message}`, false);
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch(() => {}).finally(() => this.evaluations.delete(tracked));
    this.evaluations.add(tracked);
  }

  private enqueue<T>(action: () => Promise<T>): Promise<T> {
    const run = this.queue.then(action, action);
    this.queue = run.catch(() => {});
    return run;
  }

  private emit(event: Parameters<InterviewSessionOptions['onEvent']>[0]): void {
    if (this.closed && event.type !== 'error') return;
    try {
      this.options.onEvent(event);
    } catch {
      // A transport that cannot take an event must not break the interview.
    }
  }

  private emitError(code: string, message: string, fatal: boolean): void {
    this.emit({ type: 'error', code, message, fatal });
  }
}
