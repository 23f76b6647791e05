import { describe, expect, it } from 'vitest';
import { PlanRequestError, planFromBank } from './bank-planner.js';
import { checkPlanInvariants } from './plan-invariants.js';
import { experienceLevelIds, interviewFormats, type Plan, type PlanRequest } from './plan-schema.js';
import { defaultQuestionBank } from './question-bank.js';
import { seededRandom } from './seeded-random.js';

const bank = defaultQuestionBank();
const roles = bank.roles.map((r) => r.id);
const questions = (plan: Plan) => plan.phases.flatMap((p) => p.questions);
const meanAssessed = (plan: Plan) => {
  const qs = plan.phases
    .filter((p) => ['technical', 'coding', 'behavioral'].includes(p.phase))
    .flatMap((p) => p.questions);
  return qs.reduce((s, q) => s + q.difficulty, 0) / qs.length;
};

describe('bank planner: properties over generated requests', () => {
  it('every plan for 600 generated (role, level, format, duration, seed, language, topics) satisfies the invariants', () => {
    const gen = seededRandom(20261125);
    const pickOf = <T>(xs: readonly T[]): T => xs[gen.int(xs.length)]!;
    const topicsPool = [
      'kafka',
      'react',
      'kubernetes',
      'sql',
      'testing',
      'leadership',
      'caching',
      'security',
    ];
    let checked = 0;
    for (let i = 0; i < 600; i++) {
      const request: PlanRequest = {
        role: pickOf(roles),
        experienceLevel: pickOf(experienceLevelIds),
        format: pickOf(interviewFormats),
        // Both ends of the allowed range and everything between.
        durationMinutes: i % 10 === 0 ? pickOf([5, 180]) : 5 + gen.int(176),
        seed: gen.int(2 ** 31 - 1),
        codingLanguage:
          gen.next() < 0.3 ? pickOf(['javascript', 'typescript', 'python'] as const) : undefined,
        topics: gen.next() < 0.3 ? [pickOf(topicsPool)] : undefined,
        jobDescription:
          gen.next() < 0.2 ? 'We build event pipelines with Kafka and Go on Kubernetes.' : undefined,
      };
      const plan = planFromBank(request, bank);
      expect(checkPlanInvariants(plan, request, bank), JSON.stringify(request)).toEqual([]);
      expect(questions(plan).length).toBeGreaterThan(0);
      checked++;
    }
    expect(checked).toBe(600);
  });

  it('a senior plan is harder than a junior one for the same role, format, duration and seed', () => {
    for (const role of roles) {
      for (const format of interviewFormats) {
        for (const durationMinutes of [10, 30, 60]) {
          const base = { role, format, durationMinutes, seed: 11 };
          const junior = planFromBank({ ...base, experienceLevel: 'junior' }, bank);
          const senior = planFromBank({ ...base, experienceLevel: 'senior' }, bank);
          expect(meanAssessed(senior), `${role} ${format} ${durationMinutes}`).toBeGreaterThan(
            meanAssessed(junior),
          );
        }
      }
    }
  });
});

describe('bank planner: the blended arc', () => {
  const request: PlanRequest = {
    role: 'backend',
    experienceLevel: 'mid',
    format: 'blended',
    durationMinutes: 60,
    seed: 7,
  };

  it('runs intro, technical, coding, behavioral, wrap-up, with rising technical difficulty and time left for the candidate', () => {
    const plan = planFromBank(request, bank);
    expect(plan.phases.map((p) => p.phase)).toEqual([
      'intro',
      'technical',
      'coding',
      'behavioral',
      'wrap_up',
    ]);
    const technical = plan.phases[1]!.questions.map((q) => q.difficulty);
    expect(technical.length).toBeGreaterThanOrEqual(3);
    expect(technical).toEqual([...technical].sort((a, b) => a - b));
    expect(technical[technical.length - 1]).toBeGreaterThan(technical[0]!);
    const last = plan.phases[4]!.questions.at(-1)!;
    expect(last.text).toMatch(/questions do you have/);
    expect(last.timeSeconds).toBeGreaterThanOrEqual(300);
    expect(plan.totalSeconds).toBeLessThanOrEqual(60 * 60);
    expect(plan.planner).toBe('bank');
  });

  it('is deterministic for a seed and varies across seeds', () => {
    expect(planFromBank(request, bank)).toEqual(planFromBank(request, bank));
    const ids = new Set<string>();
    for (let seed = 0; seed < 8; seed++) {
      ids.add(
        questions(planFromBank({ ...request, seed }, bank))
          .map((q) => q.id)
          .join(','),
      );
    }
    expect(ids.size).toBeGreaterThanOrEqual(6);
  });

  it('chooses a random seed when none is given and reports it, so the plan can be reproduced', () => {
    const { seed: _none, ...unseeded } = request;
    const plan = planFromBank(unseeded, bank);
    expect(planFromBank({ ...unseeded, seed: plan.seed }, bank).phases).toEqual(plan.phases);
  });

  it('sizes coding to the level: an easy problem for juniors with extra time, a harder one for seniors', () => {
    const junior = planFromBank({ ...request, experienceLevel: 'junior' }, bank);
    const senior = planFromBank({ ...request, experienceLevel: 'senior' }, bank);
    const code = (p: Plan) => p.phases.find((ph) => ph.phase === 'coding')!.questions[0]!;
    expect(code(junior).difficulty).toBeLessThanOrEqual(2);
    expect(code(senior).difficulty).toBeGreaterThanOrEqual(3);
    const juniorSource = bank.question(code(junior).id)!;
    expect(code(junior).timeSeconds).toBeGreaterThan(juniorSource.timeSeconds);
  });

  it('uses the requested coding language, else one that fits the role, with runnable tests', () => {
    const python = planFromBank({ ...request, codingLanguage: 'python' }, bank);
    const q = python.phases.find((p) => p.phase === 'coding')!.questions[0]!;
    expect(q).toMatchObject({ kind: 'code', language: 'python' });
    expect(q.starter).toContain(`def ${q.entryPoint}(`);
    expect(q.text).toContain(`${q.entryPoint}(`);
    expect(q.tests!.length).toBeGreaterThanOrEqual(3);
    expect(python.codingLanguage).toBe('python');

    const frontend = planFromBank({ ...request, role: 'frontend' }, bank);
    expect(frontend.codingLanguage).toBe('typescript');
    const ml = planFromBank({ ...request, role: 'ml-engineer' }, bank);
    expect(ml.codingLanguage).toBe('python');
  });

  it('has no coding phase for roles that do not code', () => {
    const plan = planFromBank({ ...request, role: 'product-manager', codingLanguage: 'python' }, bank);
    expect(plan.phases.map((p) => p.phase)).toEqual(['intro', 'technical', 'behavioral', 'wrap_up']);
    expect(plan.codingLanguage).toBeNull();
  });

  it('follows the format', () => {
    const phases = (format: PlanRequest['format']) =>
      planFromBank({ ...request, format }, bank).phases.map((p) => p.phase);
    expect(phases('verbal')).toEqual(['intro', 'technical', 'behavioral', 'wrap_up']);
    expect(phases('technical')).toEqual(['intro', 'technical', 'coding', 'wrap_up']);
    expect(phases('behavioral')).toEqual(['intro', 'behavioral', 'wrap_up']);
  });

  it('drops phases that cannot fit in a short interview instead of overrunning', () => {
    const plan = planFromBank({ ...request, durationMinutes: 5 }, bank);
    expect(plan.totalSeconds).toBeLessThanOrEqual(300);
    expect(plan.phases.some((p) => p.phase === 'coding')).toBe(false);
    expect(plan.phases.some((p) => p.phase === 'technical')).toBe(true);
  });

  it('lets a job description about Kafka and Go steer the technical questions', () => {
    const jd = 'Senior backend engineer: you will build event streaming services in Go on top of Kafka.';
    const hits = (plan: Plan) =>
      plan.phases
        .find((p) => p.phase === 'technical')!
        .questions.filter((q) => q.topics.some((t) => ['kafka', 'go', 'golang'].includes(t))).length;
    let steered = 0;
    let plain = 0;
    for (let seed = 0; seed < 10; seed++) {
      steered += hits(
        planFromBank({ ...request, experienceLevel: 'senior', jobDescription: jd, seed }, bank),
      );
      plain += hits(planFromBank({ ...request, experienceLevel: 'senior', seed }, bank));
    }
    expect(steered).toBeGreaterThan(plain);
    const one = planFromBank({ ...request, experienceLevel: 'senior', jobDescription: jd, seed: 3 }, bank);
    const text = JSON.stringify(one.phases.find((p) => p.phase === 'technical'));
    expect(text).toMatch(/Kafka/);
    expect(text).toMatch(/\bGo\b/);
  });

  it('lets topics steer selection', () => {
    const plan = planFromBank({ ...request, role: 'devops', topics: ['kubernetes'] }, bank);
    const technical = plan.phases.find((p) => p.phase === 'technical')!.questions;
    expect(technical.filter((q) => q.topics.includes('kubernetes')).length).toBeGreaterThanOrEqual(2);
  });

  it('rejects an unknown role with the allowed ones', () => {
    try {
      planFromBank({ ...request, role: 'astronaut' }, bank);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PlanRequestError);
      expect((error as PlanRequestError).allowed).toContain('backend');
    }
  });
});
