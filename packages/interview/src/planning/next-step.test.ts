import { describe, expect, it } from 'vitest';
import { planFromBank } from './bank-planner.js';
import { type AnswerRecord, assessAnswer, NextStepError, nextStep, nextStepSchema } from './next-step.js';
import { experienceLevelIds, interviewFormats, type Plan, phaseNames } from './plan-schema.js';
import { defaultQuestionBank } from './question-bank.js';
import { seededRandom } from './seeded-random.js';

const bank = defaultQuestionBank();
const plan: Plan = planFromBank(
  { role: 'backend', experienceLevel: 'mid', format: 'blended', durationMinutes: 60, seed: 5 },
  bank,
);
const phase = (name: string) => plan.phases.find((p) => p.phase === name)!;
const strong = { score: 9, gates: { empty: false, length: false, keyword: false } };
const adequate = { score: 7, gates: { empty: false, length: false, keyword: false } };
const weak = { score: 2, gates: { empty: false, length: false, keyword: false } };
const shallow = { score: 2, gates: { empty: false, length: true, keyword: false } };
const empty = { score: 0, gates: { empty: true, length: false, keyword: false } };
const answer = (
  questionId: string,
  evaluation: AnswerRecord['evaluation'],
  elapsedSeconds = 60,
  followUpIndex?: number,
): AnswerRecord => ({
  questionId,
  evaluation,
  elapsedSeconds,
  ...(followUpIndex === undefined ? {} : { followUpIndex }),
});

describe('assessAnswer', () => {
  it('reads the evaluation', () => {
    expect(assessAnswer(answer('q', empty))).toBe('empty');
    expect(assessAnswer({ questionId: 'q', answer: '   ', elapsedSeconds: 1 })).toBe('empty');
    expect(assessAnswer(answer('q', strong))).toBe('strong');
    expect(assessAnswer(answer('q', shallow))).toBe('shallow');
    expect(assessAnswer(answer('q', { score: 5 }))).toBe('shallow');
    expect(assessAnswer(answer('q', weak))).toBe('weak');
    expect(assessAnswer(answer('q', adequate))).toBe('adequate');
    expect(assessAnswer({ questionId: 'q', elapsedSeconds: 1 })).toBeNull();
  });
});

describe('nextStep', () => {
  it('starts with the first intro question', () => {
    const step = nextStep({ plan, history: [] }, bank);
    expect(step).toMatchObject({ type: 'question', phase: 'intro', reason: 'first', phaseChanged: true });
    expect(step.type === 'question' && step.question.id).toBe(phase('intro').questions[0]!.id);
  });

  it('asks the follow-up after a shallow answer, once', () => {
    const q = phase('technical').questions[0]!;
    const intro = phase('intro').questions.map((x) => answer(x.id, adequate, 30));
    const step = nextStep({ plan, history: [...intro, answer(q.id, shallow)] }, bank);
    expect(step).toMatchObject({
      type: 'follow_up',
      questionId: q.id,
      followUpIndex: 0,
      text: q.followUps[0],
      reason: 'shallow',
    });
    const after = nextStep(
      { plan, history: [...intro, answer(q.id, shallow), answer(q.id, adequate, 60, 0)] },
      bank,
    );
    expect(after.type).toBe('question');
  });

  it('goes harder after a strong answer and easier after a weak or empty one', () => {
    const intro = phase('intro').questions.map((x) => answer(x.id, adequate, 30));
    const q = phase('technical').questions[1]!;
    const harder = nextStep({ plan, history: [...intro, answer(q.id, strong)] }, bank);
    expect(harder).toMatchObject({ type: 'question', phase: 'technical', reason: 'harder' });
    expect(harder.type === 'question' && harder.question.difficulty).toBeGreaterThan(q.difficulty);
    for (const evaluation of [weak, empty]) {
      const easier = nextStep({ plan, history: [...intro, answer(q.id, evaluation)] }, bank);
      expect(easier).toMatchObject({ type: 'question', phase: 'technical', reason: 'easier' });
      expect(easier.type === 'question' && easier.question.difficulty).toBeLessThan(q.difficulty);
      expect(easier.type === 'question' && easier.question.id).not.toBe(q.id);
    }
  });

  it('moves to the next phase when the phase time is spent', () => {
    const intro = phase('intro').questions.map((x) => answer(x.id, adequate, 30));
    const q = phase('technical').questions[0]!;
    const step = nextStep(
      { plan, history: [...intro, answer(q.id, adequate, phase('technical').timeSeconds)] },
      bank,
    );
    expect(step).toMatchObject({
      type: 'question',
      phase: 'coding',
      reason: 'next_phase',
      phaseChanged: true,
    });
  });

  it('jumps to the wrap-up when only its time is left, and ends when time is up', () => {
    const q = phase('technical').questions[0]!;
    const late = 60 * 60 - phase('wrap_up').timeSeconds;
    const wrap = nextStep({ plan, history: [answer(q.id, adequate, late)] }, bank);
    expect(wrap).toMatchObject({ type: 'question', phase: 'wrap_up', phaseChanged: true });
    const over = nextStep({ plan, history: [answer(q.id, adequate, 3600)] }, bank);
    expect(over).toMatchObject({ type: 'end', reason: 'time_up', remainingSeconds: 0 });
  });

  it('ends when every phase is done', () => {
    const history = plan.phases.flatMap((p) => p.questions.map((q) => answer(q.id, adequate, 10)));
    expect(nextStep({ plan, history }, bank)).toMatchObject({ type: 'end', reason: 'plan_complete' });
  });

  it('rejects a history naming an unknown question', () => {
    expect(() => nextStep({ plan, history: [answer('nope', adequate)] }, bank)).toThrowError(NextStepError);
  });
});

describe('nextStep: properties over simulated interviews', () => {
  it('always terminates, never repeats a question, never goes back a phase, and follows up only shallow answers', () => {
    const gen = seededRandom(4242);
    const roles = bank.roles.map((r) => r.id);
    const grades = [empty, weak, shallow, { score: 5 }, adequate, strong] as const;
    for (let run = 0; run < 150; run++) {
      const request = {
        role: roles[gen.int(roles.length)]!,
        experienceLevel: experienceLevelIds[gen.int(3)]!,
        format: interviewFormats[gen.int(4)]!,
        durationMinutes: 5 + gen.int(176),
        seed: gen.int(10_000),
      };
      const p = planFromBank(request, bank);
      const history: AnswerRecord[] = [];
      const asked = new Set<string>();
      let lastPhase = -1;
      let step = nextStep({ plan: p, history }, bank);
      let steps = 0;
      while (step.type !== 'end') {
        expect(nextStepSchema.safeParse(step).success).toBe(true);
        expect(++steps, JSON.stringify(request)).toBeLessThan(200);
        const phaseIndex = phaseNames.indexOf(step.phase);
        expect(phaseIndex).toBeGreaterThanOrEqual(lastPhase);
        lastPhase = phaseIndex;
        if (step.type === 'follow_up') {
          expect(step.assessment).toBe('shallow');
          expect(history.at(-1)?.questionId).toBe(step.questionId);
          history.push(
            answer(step.questionId, grades[gen.int(grades.length)], 30 + gen.int(120), step.followUpIndex),
          );
        } else {
          expect(asked.has(step.question.id), step.question.id).toBe(false);
          asked.add(step.question.id);
          if (step.question.kind === 'code') expect(step.question.language).toBe(p.codingLanguage);
          history.push(
            answer(step.question.id, grades[gen.int(grades.length)], gen.int(step.question.timeSeconds + 60)),
          );
        }
        step = nextStep({ plan: p, history }, bank);
      }
      expect(nextStepSchema.safeParse(step).success).toBe(true);
      const elapsed = history.reduce((s, h) => s + h.elapsedSeconds, 0);
      if (step.reason === 'time_up') expect(elapsed).toBeGreaterThanOrEqual(p.durationMinutes * 60);
      else expect(step.remainingSeconds).toBe(p.durationMinutes * 60 - elapsed);
    }
  });
});
