import { planLanguage } from './bank-planner.js';
import { formatPhases } from './phase-budget.js';
import { type PhaseName, type Plan, type PlanRequest, phaseNames, planSchema } from './plan-schema.js';
import { defaultQuestionBank, type QuestionBank } from './question-bank.js';
import { isNearDuplicate } from './text-similarity.js';

export const violationCodes = [
  'schema',
  'request_mismatch',
  'empty_plan',
  'phase_order',
  'phase_not_in_format',
  'empty_phase',
  'over_budget',
  'phase_over_budget',
  'total_mismatch',
  'duplicate_question',
  'near_duplicate_question',
  'difficulty_falls',
  'difficulty_out_of_range',
  'level_mismatch',
  'kind_mismatch',
  'language_mismatch',
  'code_incomplete',
] as const;
export type ViolationCode = (typeof violationCodes)[number];

export interface PlanViolation {
  code: ViolationCode;
  message: string;
  phase?: PhaseName | undefined;
  questionId?: string | undefined;
}

const assessedPhases: readonly PhaseName[] = ['technical', 'coding', 'behavioral'];

/**
 * Every rule a served plan must keep, whoever planned it. Returns the
 * violations (empty when the plan is fine); the messages are written so they
 * can be handed back to an LLM as a repair instruction.
 */
export function checkPlanInvariants(
  plan: unknown,
  request: PlanRequest,
  bank: QuestionBank = defaultQuestionBank(),
): PlanViolation[] {
  const parsed = planSchema.safeParse(plan);
  if (!parsed.success) {
    return parsed.error.issues.slice(0, 20).map((i) => ({
      code: 'schema' as const,
      message: `${i.path.map(String).join('.') || 'plan'}: ${i.message}`,
    }));
  }
  const p: Plan = parsed.data;
  const out: PlanViolation[] = [];
  const add = (v: PlanViolation) => out.push(v);

  if (
    p.role !== request.role ||
    p.experienceLevel !== request.experienceLevel ||
    p.format !== request.format ||
    p.durationMinutes !== request.durationMinutes
  ) {
    add({
      code: 'request_mismatch',
      message: 'role, experienceLevel, format or durationMinutes differ from the request',
    });
  }
  const role = bank.role(request.role);
  const level = bank.level(request.experienceLevel);
  const questions = p.phases.flatMap((ph) => ph.questions.map((q) => ({ phase: ph.phase, q })));
  if (questions.length === 0) add({ code: 'empty_plan', message: 'the plan has no questions' });

  // Phases: the format's, in arc order, each at most once and never empty.
  const allowed = formatPhases[p.format].filter((ph) => ph !== 'coding' || role?.coding !== false);
  let lastIndex = -1;
  for (const ph of p.phases) {
    const index = phaseNames.indexOf(ph.phase);
    if (index <= lastIndex) {
      add({ code: 'phase_order', phase: ph.phase, message: `phase ${ph.phase} is out of order or repeated` });
    }
    lastIndex = Math.max(lastIndex, index);
    if (!allowed.includes(ph.phase)) {
      add({
        code: 'phase_not_in_format',
        phase: ph.phase,
        message: `phase ${ph.phase} is not part of a ${p.format} interview for this role (allowed: ${allowed.join(', ')})`,
      });
    }
    if (ph.questions.length === 0)
      add({ code: 'empty_phase', phase: ph.phase, message: `phase ${ph.phase} is empty` });
    const used = ph.questions.reduce((s, q) => s + q.timeSeconds, 0);
    if (used > ph.timeSeconds) {
      add({
        code: 'phase_over_budget',
        phase: ph.phase,
        message: `questions of ${ph.phase} take ${used}s but the phase has ${ph.timeSeconds}s`,
      });
    }
  }

  // Budgets: the questions fit the duration.
  const limit = p.durationMinutes * 60;
  const questionSeconds = questions.reduce((s, { q }) => s + q.timeSeconds, 0);
  const phaseSeconds = p.phases.reduce((s, ph) => s + ph.timeSeconds, 0);
  if (questionSeconds > limit || phaseSeconds > limit) {
    add({
      code: 'over_budget',
      message: `time budgets sum to ${Math.max(questionSeconds, phaseSeconds)}s, more than the ${limit}s duration`,
    });
  }
  if (p.totalSeconds !== phaseSeconds) {
    add({
      code: 'total_mismatch',
      message: `totalSeconds ${p.totalSeconds} is not the sum of the phases ${phaseSeconds}`,
    });
  }

  // No repeated or near-duplicate question.
  for (let i = 0; i < questions.length; i++) {
    for (let j = i + 1; j < questions.length; j++) {
      const a = questions[i]!.q;
      const b = questions[j]!.q;
      if (a.id === b.id) {
        add({ code: 'duplicate_question', questionId: b.id, message: `question id ${b.id} appears twice` });
      } else if (isNearDuplicate(a.text, b.text)) {
        add({
          code: 'near_duplicate_question',
          questionId: b.id,
          message: `question ${b.id} repeats question ${a.id}: "${b.text.slice(0, 80)}"`,
        });
      }
    }
  }

  // Difficulty rises through the technical phase and fits the level.
  const technical = p.phases.find((ph) => ph.phase === 'technical');
  technical?.questions.forEach((q, i, all) => {
    const prev = all[i - 1];
    if (prev && q.difficulty < prev.difficulty) {
      add({
        code: 'difficulty_falls',
        phase: 'technical',
        questionId: q.id,
        message: `technical question ${q.id} (difficulty ${q.difficulty}) follows a harder one (${prev.difficulty}); difficulty must never fall within the technical phase`,
      });
    }
  });
  for (const { phase, q } of questions) {
    if (!assessedPhases.includes(phase)) continue;
    const range = phase === 'coding' ? level.codingDifficulty : level.difficulty;
    if (q.difficulty < range.min || q.difficulty > range.max) {
      add({
        code: 'difficulty_out_of_range',
        phase,
        questionId: q.id,
        message: `${phase} question ${q.id} has difficulty ${q.difficulty}; a ${level.id} plan uses ${range.min}-${range.max}`,
      });
    }
  }
  const assessed = questions.filter(({ phase }) => assessedPhases.includes(phase));
  if (assessed.length > 0) {
    const mean = assessed.reduce((s, { q }) => s + q.difficulty, 0) / assessed.length;
    if (mean < level.meanDifficulty.min || mean > level.meanDifficulty.max) {
      add({
        code: 'level_mismatch',
        message: `mean difficulty ${mean.toFixed(2)} is outside ${level.meanDifficulty.min}-${level.meanDifficulty.max} for a ${level.id} plan`,
      });
    }
  }

  // Code questions: only in the coding phase, in the right language, runnable.
  const expectedLanguage = role ? planLanguage(role, request) : (request.codingLanguage ?? null);
  const fitting = request.codingLanguage ? [request.codingLanguage] : (role?.languages ?? []);
  for (const { phase, q } of questions) {
    if ((phase === 'coding') !== (q.kind === 'code')) {
      add({
        code: 'kind_mismatch',
        phase,
        questionId: q.id,
        message: `${q.kind} question ${q.id} in phase ${phase}`,
      });
    }
    if (q.kind !== 'code') continue;
    if (!q.language || !fitting.includes(q.language)) {
      add({
        code: 'language_mismatch',
        questionId: q.id,
        message: `code question ${q.id} is in ${q.language ?? 'no language'}; expected ${fitting.join(' or ') || 'none (the role has no coding)'}`,
      });
    }
    if (!q.entryPoint || !q.starter || !q.tests || q.tests.length < 3) {
      add({
        code: 'code_incomplete',
        questionId: q.id,
        message: `code question ${q.id} needs an entryPoint, a starter and at least 3 tests`,
      });
    }
  }
  if (p.codingLanguage !== null && p.codingLanguage !== expectedLanguage) {
    add({
      code: 'language_mismatch',
      message: `plan language ${p.codingLanguage}; expected ${expectedLanguage}`,
    });
  }
  return out;
}
