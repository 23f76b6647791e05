import { describe, expect, it } from 'vitest';
import { planFromBank } from './bank-planner.js';
import { checkPlanInvariants, type ViolationCode } from './plan-invariants.js';
import type { Plan, PlanRequest } from './plan-schema.js';
import { defaultQuestionBank } from './question-bank.js';

const bank = defaultQuestionBank();
const request: PlanRequest = {
  role: 'backend',
  experienceLevel: 'mid',
  format: 'blended',
  durationMinutes: 60,
  seed: 3,
};
const fresh = () => structuredClone(planFromBank(request, bank));
const codes = (plan: unknown, req: PlanRequest = request): ViolationCode[] =>
  checkPlanInvariants(plan, req, bank).map((v) => v.code);
const phase = (plan: Plan, name: string) => plan.phases.find((p) => p.phase === name)!;

describe('checkPlanInvariants', () => {
  it('accepts a bank plan', () => {
    expect(codes(fresh())).toEqual([]);
  });

  it('flags budgets that exceed the duration', () => {
    const plan = fresh();
    const q = phase(plan, 'technical').questions[0]!;
    q.timeSeconds += 3600;
    phase(plan, 'technical').timeSeconds += 3600;
    plan.totalSeconds += 3600;
    expect(codes(plan)).toContain('over_budget');
  });

  it('flags questions that overrun their phase and a wrong total', () => {
    const plan = fresh();
    phase(plan, 'behavioral').questions[0]!.timeSeconds += 10;
    plan.totalSeconds -= 1;
    expect(codes(plan)).toEqual(expect.arrayContaining(['phase_over_budget', 'total_mismatch']));
  });

  it('flags a repeated question and a reworded near-duplicate', () => {
    const plan = fresh();
    const technical = phase(plan, 'technical');
    const first = technical.questions[0]!;
    const repeated = fresh();
    phase(repeated, 'behavioral').questions.push({ ...first, timeSeconds: 1 });
    expect(codes(repeated)).toContain('duplicate_question');
    phase(plan, 'behavioral').questions.push({
      ...phase(plan, 'behavioral').questions[0]!,
      id: 'reworded',
      text: `${phase(plan, 'behavioral').questions[0]!.text.replace(/\?$/, '')}, please?`,
      timeSeconds: 1,
    });
    expect(codes(plan)).toContain('near_duplicate_question');
  });

  it('flags difficulty that falls within the technical phase', () => {
    const plan = fresh();
    phase(plan, 'technical').questions.reverse();
    expect(codes(plan)).toContain('difficulty_falls');
  });

  it('flags a plan that is too easy for a senior', () => {
    const seniorRequest = { ...request, experienceLevel: 'senior' as const };
    const plan = { ...fresh(), experienceLevel: 'senior' as const };
    expect(codes(plan, seniorRequest)).toEqual(
      expect.arrayContaining(['level_mismatch', 'difficulty_out_of_range']),
    );
  });

  it('flags a coding language that is neither requested nor fits the role', () => {
    const plan = fresh();
    const code = phase(plan, 'coding').questions[0]!;
    expect(codes(plan, { ...request, codingLanguage: 'javascript' })).toContain('language_mismatch');
    const frontendRequest = { ...request, role: 'frontend' };
    const frontend = planFromBank(frontendRequest, bank);
    phase(frontend, 'coding').questions[0]!.language = 'python';
    expect(codes(frontend, frontendRequest)).toContain('language_mismatch');
    delete code.tests;
    expect(codes(plan)).toContain('code_incomplete');
  });

  it('flags phases out of order, outside the format, or empty, and code outside coding', () => {
    const plan = fresh();
    plan.phases.reverse();
    expect(codes(plan)).toContain('phase_order');
    const verbal = { ...fresh(), format: 'verbal' as const };
    expect(codes(verbal, { ...request, format: 'verbal' })).toContain('phase_not_in_format');
    const emptied = fresh();
    phase(emptied, 'behavioral').questions = [];
    expect(codes(emptied)).toContain('empty_phase');
    const moved = fresh();
    phase(moved, 'technical').questions.push({ ...phase(moved, 'coding').questions[0]!, difficulty: 5 });
    phase(moved, 'coding').questions = [];
    expect(codes(moved)).toContain('kind_mismatch');
  });

  it('reports schema problems for something that is not a plan', () => {
    expect(codes({ phases: 'none' })).toContain('schema');
  });
});
