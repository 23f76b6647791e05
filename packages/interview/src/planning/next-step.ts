import { z } from 'zod';
import { questionFitsRole, scaledSeconds, toPlanQuestion } from './bank-planner.js';
import {
  type PhaseName,
  type PlanQuestion,
  phaseNames,
  planQuestionSchema,
  planSchema,
} from './plan-schema.js';
import { defaultQuestionBank, type QuestionBank } from './question-bank.js';
import { seededRandom } from './seeded-random.js';
import { isNearDuplicate } from './text-similarity.js';

export const answerEvaluationSchema = z.object({
  /** 0-10, as /v1/evaluate returns it. */
  score: z.number().min(0).max(10),
  gates: z
    .object({
      empty: z.boolean().optional(),
      length: z.boolean().optional(),
      keyword: z.boolean().optional(),
    })
    .optional(),
});
export type AnswerEvaluation = z.infer<typeof answerEvaluationSchema>;

export const answerRecordSchema = z.object({
  /** The question answered: a plan question, or one nextStep chose from the bank. */
  questionId: z.string().min(1).max(200),
  /** Set when this was the answer to that question's follow-up with this index. */
  followUpIndex: z.number().int().min(0).optional(),
  answer: z.string().max(50_000).optional(),
  evaluation: answerEvaluationSchema.optional(),
  /** Time the question and answer took. */
  elapsedSeconds: z
    .number()
    .min(0)
    .max(24 * 3600),
});
export type AnswerRecord = z.infer<typeof answerRecordSchema>;

export const nextStepInputSchema = z.object({
  plan: planSchema,
  history: z.array(answerRecordSchema).max(500),
});
export type NextStepInput = z.infer<typeof nextStepInputSchema>;

export const answerAssessments = ['empty', 'weak', 'shallow', 'adequate', 'strong'] as const;
/** How the last answer went, as the step logic read it. */
export type AnswerAssessment = (typeof answerAssessments)[number];

const stepClock = {
  /** Sum of the history's elapsedSeconds. */
  elapsedSeconds: z.number().nonnegative(),
  /** Time left of the plan's duration. */
  remainingSeconds: z.number().nonnegative(),
};

/** What nextStep returns (and POST /v1/plan/next answers). */
export const nextStepSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('question'),
    phase: z.enum(phaseNames),
    question: planQuestionSchema,
    /** first: the interview starts; planned: the plan's next one; easier/harder: adapted to the last answer; next_phase: this phase's time or questions ran out. */
    reason: z.enum(['first', 'planned', 'easier', 'harder', 'next_phase']),
    phaseChanged: z.boolean(),
    assessment: z.enum(answerAssessments).nullable(),
    ...stepClock,
  }),
  z.object({
    type: z.literal('follow_up'),
    phase: z.enum(phaseNames),
    questionId: z.string(),
    followUpIndex: z.number().int().nonnegative(),
    text: z.string(),
    reason: z.literal('shallow'),
    phaseChanged: z.literal(false),
    assessment: z.enum(answerAssessments),
    ...stepClock,
  }),
  z.object({
    type: z.literal('end'),
    reason: z.enum(['plan_complete', 'time_up']),
    assessment: z.enum(answerAssessments).nullable(),
    ...stepClock,
  }),
]);
export type NextStep = z.infer<typeof nextStepSchema>;

export class NextStepError extends Error {
  override readonly name = 'NextStepError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** empty → nothing to build on; strong (≥ 8); shallow (a gate fired, or 4-6); weak (≤ 3); adequate (7). */
export function assessAnswer(record: AnswerRecord): AnswerAssessment | null {
  const gates = record.evaluation?.gates;
  if (gates?.empty || (record.answer !== undefined && record.answer.trim() === '')) return 'empty';
  const score = record.evaluation?.score;
  if (score === undefined) return null;
  if (score >= 8) return 'strong';
  if (gates?.length || gates?.keyword || (score >= 4 && score <= 6)) return 'shallow';
  if (score <= 3) return 'weak';
  return 'adequate';
}

interface Located {
  phase: PhaseName;
  question: PlanQuestion;
}

// Phases where the next question adapts its difficulty to the last answer.
const adaptivePhases: readonly PhaseName[] = ['technical', 'coding', 'behavioral'];

/**
 * Chooses what the interviewer does next, given the plan and the answers so
 * far: a follow-up after a shallow answer, an easier or harder question after
 * a weak or strong one, the next phase when this one's time or questions are
 * spent, and the end when the plan or the time is done. Pure and
 * deterministic for a plan and history.
 */
export function nextStep(
  input: NextStepInput,
  bank: QuestionBank = defaultQuestionBank(),
  /** followUps false: the caller asks its own follow-ups (the conversation engine). */
  options: { followUps?: boolean } = {},
): NextStep {
  const { plan, history } = input;
  const duration = plan.durationMinutes * 60;
  const elapsed = history.reduce((s, h) => s + h.elapsedSeconds, 0);
  const remaining = Math.max(0, duration - elapsed);
  const role = bank.role(plan.role);
  const level = bank.level(plan.experienceLevel);
  const phases = plan.phases.filter((p) => p.questions.length > 0);

  const locate = (id: string): Located => {
    for (const p of phases) {
      const question = p.questions.find((q) => q.id === id);
      if (question) return { phase: p.phase, question };
    }
    const banked = bank.question(id);
    if (banked && role) {
      return {
        phase: banked.phase,
        question: toPlanQuestion(banked, role, scaledSeconds(banked, level), plan.codingLanguage),
      };
    }
    throw new NextStepError(
      `history names question ${id}, which is neither in the plan nor in the bank`,
      'history',
    );
  };

  const first = phases[0];
  const last = history.at(-1);
  if (!last || !first) {
    if (!first)
      return {
        type: 'end',
        reason: 'plan_complete',
        assessment: null,
        elapsedSeconds: elapsed,
        remainingSeconds: remaining,
      };
    return {
      type: 'question',
      phase: first.phase,
      question: first.questions[0]!,
      reason: 'first',
      phaseChanged: true,
      assessment: null,
      elapsedSeconds: elapsed,
      remainingSeconds: remaining,
    };
  }

  const located = history.map((h) => ({ record: h, ...locate(h.questionId) }));
  const current = located.at(-1)!;
  const assessment = assessAnswer(last);
  if (elapsed >= duration) {
    return { type: 'end', reason: 'time_up', assessment, elapsedSeconds: elapsed, remainingSeconds: 0 };
  }

  const phasePlan = phases.find((p) => p.phase === current.phase);
  const inPhase = located.filter((l) => l.phase === current.phase);
  const phaseElapsed = inPhase.reduce((s, l) => s + l.record.elapsedSeconds, 0);
  const phaseLeft = (phasePlan?.timeSeconds ?? 0) - phaseElapsed;

  // A shallow answer to a main question gets that question's follow-up while the phase has time.
  if (
    options.followUps !== false &&
    assessment === 'shallow' &&
    last.followUpIndex === undefined &&
    current.question.followUps.length > 0 &&
    phaseLeft > 0 &&
    !history.some((h) => h.questionId === last.questionId && h.followUpIndex !== undefined)
  ) {
    return {
      type: 'follow_up',
      phase: current.phase,
      questionId: current.question.id,
      followUpIndex: 0,
      text: current.question.followUps[0]!,
      reason: 'shallow',
      phaseChanged: false,
      assessment,
      elapsedSeconds: elapsed,
      remainingSeconds: remaining,
    };
  }

  const askedIds = new Set(history.map((h) => h.questionId));
  const mainAsked = new Set(inPhase.map((l) => l.question.id)).size;
  const wrapUp = phases.find((p) => p.phase === 'wrap_up');
  // Keep the candidate's time at the end: when only the wrap-up's time is left, go there.
  const mustWrapUp = wrapUp !== undefined && current.phase !== 'wrap_up' && remaining <= wrapUp.timeSeconds;
  const phaseDone = phaseLeft <= 0 || mainAsked >= (phasePlan?.questions.length ?? 0) || mustWrapUp;

  if (phaseDone) {
    const currentIndex = phaseNames.indexOf(current.phase);
    const next = mustWrapUp
      ? wrapUp
      : phases.find(
          (p) => phaseNames.indexOf(p.phase) > currentIndex && p.questions.some((q) => !askedIds.has(q.id)),
        );
    const question = next?.questions.find((q) => !askedIds.has(q.id));
    if (!next || !question) {
      return {
        type: 'end',
        reason: 'plan_complete',
        assessment,
        elapsedSeconds: elapsed,
        remainingSeconds: remaining,
      };
    }
    return {
      type: 'question',
      phase: next.phase,
      question,
      reason: 'next_phase',
      phaseChanged: true,
      assessment,
      elapsedSeconds: elapsed,
      remainingSeconds: remaining,
    };
  }

  const plannedLeft = (phasePlan?.questions ?? []).filter((q) => !askedIds.has(q.id));
  const step = (question: PlanQuestion, reason: 'planned' | 'easier' | 'harder'): NextStep => ({
    type: 'question',
    phase: current.phase,
    question,
    reason,
    phaseChanged: false,
    assessment,
    elapsedSeconds: elapsed,
    remainingSeconds: remaining,
  });

  const direction =
    !adaptivePhases.includes(current.phase) || assessment === null
      ? 0
      : assessment === 'weak' || assessment === 'empty'
        ? -1
        : assessment === 'strong'
          ? 1
          : assessment === 'shallow' && last.followUpIndex !== undefined
            ? -1
            : 0;
  if (direction !== 0) {
    const target = Math.min(5, Math.max(1, current.question.difficulty + direction));
    const reason = direction < 0 ? 'easier' : 'harder';
    const fits = (d: number) => (direction < 0 ? d <= target : d >= target);
    const planned = plannedLeft
      .filter((q) => fits(q.difficulty))
      .sort((a, b) => Math.abs(a.difficulty - target) - Math.abs(b.difficulty - target))[0];
    if (planned) return step(planned, reason);
    const asked = located.map((l) => l.question.text);
    const random = seededRandom(plan.seed + history.length);
    const candidates = bank.questions.filter(
      (q) =>
        q.phase === current.phase &&
        role !== undefined &&
        questionFitsRole(q, role) &&
        fits(q.difficulty) &&
        Math.abs(q.difficulty - target) <= 1 &&
        !askedIds.has(q.id) &&
        !phases.some((p) => p.questions.some((pq) => pq.id === q.id)) &&
        (q.kind !== 'code' || (plan.codingLanguage !== null && q.variants?.[plan.codingLanguage])) &&
        asked.every((t) => !isNearDuplicate(t, q.text)),
    );
    const closest = Math.min(...candidates.map((q) => Math.abs(q.difficulty - target)));
    const best = candidates.filter((q) => Math.abs(q.difficulty - target) === closest);
    const chosen = best[random.int(best.length)];
    if (chosen && role) {
      const seconds = scaledSeconds(chosen, level);
      if (chosen.kind !== 'code' || seconds <= phaseLeft) {
        return step(toPlanQuestion(chosen, role, seconds, plan.codingLanguage), reason);
      }
    }
  }
  const nextPlanned = plannedLeft[0];
  if (nextPlanned) return step(nextPlanned, 'planned');
  return {
    type: 'end',
    reason: 'plan_complete',
    assessment,
    elapsedSeconds: elapsed,
    remainingSeconds: remaining,
  };
}
