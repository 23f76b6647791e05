import { describe, expect, it } from 'vitest';
import type { AnswerRecord } from '../planning/next-step.js';
import type { Plan } from '../planning/plan-schema.js';
import { defaultQuestionBank } from '../planning/question-bank.js';
import { followUpAffordable } from './follow-up-budget.js';
import { backendVerbalPlan } from './verbal-plan.fixture.js';

const bank = defaultQuestionBank();
// Intro 60 s, technical 240 s, behavioral 240 s, wrap-up 60 s; one question each, as long as its phase.
const plan = backendVerbalPlan;
const phase = (name: string) => plan.phases.find((p) => p.phase === name)!;
const technical = phase('technical').questions[0]!;
const intro = phase('intro').questions[0]!;
const record = (questionId: string, elapsedSeconds: number, followUpIndex?: number): AnswerRecord => ({
  questionId,
  elapsedSeconds,
  ...(followUpIndex !== undefined ? { followUpIndex } : {}),
});

describe('followUpAffordable', () => {
  it('affords a follow-up when the answer left half the question budget in its phase', () => {
    const history = [record(intro.id, 40), record(technical.id, 100)];
    expect(followUpAffordable({ plan, history, phase: 'technical', question: technical, bank })).toBe(true);
  });

  it('not when the answer spent the phase time the follow-up needs', () => {
    const history = [record(intro.id, 40), record(technical.id, 150)];
    expect(followUpAffordable({ plan, history, phase: 'technical', question: technical, bank })).toBe(false);
  });

  it('not when earlier phases ran over and the later phases need the rest', () => {
    const history = [record(intro.id, 260), record(technical.id, 60)];
    expect(followUpAffordable({ plan, history, phase: 'technical', question: technical, bank })).toBe(false);
  });

  it('keeps the time of the questions still to come in the phase', () => {
    const two: Plan = {
      ...plan,
      phases: plan.phases.map((p) =>
        p.phase === 'technical'
          ? {
              ...p,
              timeSeconds: 240,
              questions: [
                { ...technical, timeSeconds: 100 },
                { ...technical, id: 'second', timeSeconds: 100 },
              ],
            }
          : p,
      ),
    };
    const q = two.phases.find((p) => p.phase === 'technical')!.questions[0]!;
    expect(
      followUpAffordable({
        plan: two,
        history: [record(intro.id, 30), record(q.id, 40)],
        phase: 'technical',
        question: q,
        bank,
      }),
    ).toBe(true);
    expect(
      followUpAffordable({
        plan: two,
        history: [record(intro.id, 30), record(q.id, 100)],
        phase: 'technical',
        question: q,
        bank,
      }),
    ).toBe(false);
  });

  it('one follow-up per question, none after a follow-up, none in coding or the closing', () => {
    const answered = [record(intro.id, 20), record(technical.id, 30)];
    const followedUp = [...answered, record(technical.id, 10, 0)];
    expect(
      followUpAffordable({ plan, history: followedUp, phase: 'technical', question: technical, bank }),
    ).toBe(false);
    const closing = phase('wrap_up').questions[0]!;
    expect(
      followUpAffordable({
        plan,
        history: [...answered, record(closing.id, 5)],
        phase: 'wrap_up',
        question: closing,
        bank,
      }),
    ).toBe(false);
    expect(
      followUpAffordable({
        plan,
        history: answered,
        phase: 'technical',
        question: { ...technical, kind: 'code' },
        bank,
      }),
    ).toBe(false);
    expect(followUpAffordable({ plan, history: [], phase: 'technical', question: technical, bank })).toBe(
      false,
    );
  });
});
