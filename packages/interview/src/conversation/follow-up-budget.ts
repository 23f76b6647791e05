import type { AnswerRecord } from '../planning/next-step.js';
import { type PhaseName, type Plan, type PlanQuestion, phaseNames } from '../planning/plan-schema.js';
import type { QuestionBank } from '../planning/question-bank.js';

/** Phases where a main answer may get a follow-up: not coding (the code speaks) and not the closing. */
const probingPhases: readonly PhaseName[] = ['intro', 'technical', 'behavioral'];

/** A follow-up's share of its question's time budget. */
export const followUpShare = 0.5;

/**
 * Whether the plan can afford one follow-up to the main question just
 * answered: the phase's time left must hold the follow-up after the budgets
 * of the phase's questions still to come, and the interview's time left must
 * hold it after those and every later phase's budget. The plan stays the
 * authority: a follow-up only spends time the answers saved.
 */
export function followUpAffordable(input: {
  plan: Plan;
  /** The answers so far, the one just given last. */
  history: readonly AnswerRecord[];
  phase: PhaseName;
  question: PlanQuestion;
  bank: QuestionBank;
}): boolean {
  const { plan, history, phase, question } = input;
  const last = history.at(-1);
  if (!last || last.followUpIndex !== undefined) return false;
  if (!probingPhases.includes(phase) || question.kind === 'code') return false;
  if (history.some((h) => h.questionId === last.questionId && h.followUpIndex !== undefined)) return false;

  const phases = plan.phases.filter((p) => p.questions.length > 0);
  const phaseOf = (id: string): PhaseName | undefined =>
    phases.find((p) => p.questions.some((q) => q.id === id))?.phase ?? input.bank.question(id)?.phase;
  const phasePlan = phases.find((p) => p.phase === phase);
  if (!phasePlan) return false;
  const inPhase = history.filter((h) => phaseOf(h.questionId) === phase);
  const phaseElapsed = inPhase.reduce((s, h) => s + h.elapsedSeconds, 0);
  const asked = new Set(history.map((h) => h.questionId));
  const mainsLeft = Math.max(0, phasePlan.questions.length - new Set(inPhase.map((h) => h.questionId)).size);
  const phaseReserve = phasePlan.questions
    .filter((q) => !asked.has(q.id))
    .slice(0, mainsLeft)
    .reduce((s, q) => s + q.timeSeconds, 0);
  const later = phases
    .filter((p) => phaseNames.indexOf(p.phase) > phaseNames.indexOf(phase))
    .reduce((s, p) => s + p.timeSeconds, 0);
  const elapsed = history.reduce((s, h) => s + h.elapsedSeconds, 0);
  const cost = Math.ceil(question.timeSeconds * followUpShare);
  return (
    phasePlan.timeSeconds - phaseElapsed - phaseReserve >= cost &&
    plan.durationMinutes * 60 - elapsed - phaseReserve - later >= cost
  );
}
