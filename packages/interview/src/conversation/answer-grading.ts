import type { LLM, Moderator } from '@bot-backend/interfaces';
import { type CodeEvaluationOptions, evaluateCode } from '../evaluation/evaluate-code.js';
import { evaluateVerbal } from '../evaluation/evaluate-verbal.js';
import type { CodeEvaluation, VerbalEvaluation } from '../evaluation/evaluation-schemas.js';
import type { ExperienceLevelId } from '../planning/plan-schema.js';
import type { CodeAnswer, CurrentQuestion } from './current-question.js';
import { gradeView } from './grade-view.js';
import type { EvidenceSpan, QuestionOutcome } from './interview-summary.js';
import type { AnswerEvaluationEvent } from './session-events.js';

export type AnswerGrade = VerbalEvaluation | CodeEvaluation;

export interface AnswerGradingOptions {
  sessionId: string;
  role: string;
  experienceLevel: ExperienceLevelId;
  /** With an LLM, each answer's final grade is the LLM's (the rubric's when it fails). */
  llm?: LLM | undefined;
  moderator?: Moderator | undefined;
  feedbackModel?: string | undefined;
  runTests?: CodeEvaluationOptions['runTests'];
  signal: AbortSignal;
  /** The final grade of an answer, as the transport shows it. */
  onGraded(event: AnswerEvaluationEvent): void;
  /** Posts the final grade to user-management. */
  deliver(payload: unknown): Promise<void>;
}

/**
 * Grades the candidate's answers: at once with the rubric (the interview's
 * next step depends on it), then, when an LLM is configured, again in the
 * background; the final grade updates the answer's outcome, is shown and
 * delivered. Keeps every outcome, in the order answered.
 */
export class AnswerGrading {
  readonly outcomes: QuestionOutcome[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: AnswerGradingOptions) {}

  /** The rubric's grade, at once: no vendor call but the code runner's. */
  quick(current: CurrentQuestion, answer: string, code?: CodeAnswer): Promise<AnswerGrade> {
    return code ? this.gradeCode(current, code, false) : this.gradeVerbal(current, answer, false);
  }

  /** Records the answer's outcome from its quick grade and starts its final grade in the background. */
  record(
    current: CurrentQuestion,
    answer: string,
    span: { startMs: number; endMs: number },
    code: CodeAnswer | undefined,
    quick: AnswerGrade,
  ): QuestionOutcome {
    const evidence: EvidenceSpan[] = answer ? [{ speaker: 'candidate', ...span, text: answer }] : [];
    const outcome: QuestionOutcome = {
      questionId:
        current.followUpIndex !== undefined
          ? `${current.questionId}#${current.followUpIndex}`
          : current.questionId,
      phase: current.phase,
      kind: code ? 'code' : 'verbal',
      question: current.text,
      answer,
      ...gradeView(current.phase, current.question, quick),
      feedback: quick.feedback,
      evaluator: quick.evaluator,
      gates: { ...quick.gates },
      evidence,
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
    const work = this.finish(current, outcome, answer, code, quick)
      .catch(() => {})
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
    return outcome;
  }

  /** Final grades still being worked out. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Resolves once every final grade started so far is done. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** Nothing more is shown or delivered (the session is closed). */
  stop(): void {
    this.stopped = true;
  }

  private async finish(
    current: CurrentQuestion,
    outcome: QuestionOutcome,
    answer: string,
    code: CodeAnswer | undefined,
    quick: AnswerGrade,
  ): Promise<void> {
    // Recorded as the reply is about to sound: its first audio leaves before this grade's rubric
    // part, its event and its delivery take the event loop (a microtask would run before it).
    await new Promise((resolve) => setImmediate(resolve));
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
    if (this.stopped) return;
    Object.assign(outcome, gradeView(current.phase, current.question, final));
    outcome.feedback = final.feedback;
    outcome.evaluator = final.evaluator;
    outcome.gates = { ...final.gates };
    this.options.onGraded({
      questionId: outcome.questionId,
      score: final.score,
      feedback: final.feedback,
      evaluator: final.evaluator,
      gates: { ...final.gates },
      graded: outcome.graded,
      scale: outcome.scale,
      anchor: outcome.anchor,
    });
    await this.options.deliver({
      sessionId: this.options.sessionId,
      questionId: outcome.questionId,
      kind: outcome.kind,
      question: outcome.question,
      answer: code ? code.code : answer,
      ...final,
    });
  }

  private get candidate() {
    return { role: this.options.role, experienceLevel: this.options.experienceLevel };
  }

  /** Vendors for a final grade, none for a quick one. */
  private vendors(withLlm: boolean) {
    const { options } = this;
    return withLlm
      ? {
          llm: options.llm,
          moderator: options.moderator,
          model: options.feedbackModel,
          signal: options.signal,
        }
      : {};
  }

  private gradeVerbal(current: CurrentQuestion, answer: string, withLlm: boolean): Promise<VerbalEvaluation> {
    const q = current.question;
    const { role, experienceLevel } = this.options;
    return evaluateVerbal(
      {
        role,
        experienceLevel,
        answer,
        question: {
          id: current.questionId,
          text: current.text,
          expectedKeywords: q.expectedKeywords,
          followUps: q.followUps,
          phase: current.phase,
          difficulty: q.difficulty,
          scale: q.scale,
        },
      },
      this.vendors(withLlm),
    );
  }

  private gradeCode(current: CurrentQuestion, code: CodeAnswer, withLlm: boolean): Promise<CodeEvaluation> {
    const q = current.question;
    return evaluateCode(
      {
        ...this.candidate,
        language: code.language,
        code: code.code,
        question: {
          id: current.questionId,
          prompt: current.text,
          language: q.language,
          entryPoint: q.entryPoint,
          tests: q.tests?.map((t) => ({ args: t.args, expected: t.expected })),
        },
      },
      { runTests: this.options.runTests, ...this.vendors(withLlm) },
    );
  }
}
