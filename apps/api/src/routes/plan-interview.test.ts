import type { AnswerRecord, NextStep, Plan, PlanQuestion } from '@bot-backend/interview';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { testDeps } from '../test-deps.js';

const json = { 'content-type': 'application/json' };

/**
 * A whole interview through the HTTP API, as the voice loop drives it: plan,
 * then ask /v1/plan/next after every answer. Some answers are graded by
 * /v1/evaluate (the offline rubric), the rest carry scripted grades.
 */
describe('a simulated interview through /v1/plan and /v1/plan/next', () => {
  it('follows up a shallow answer, moves difficulty with strong and weak answers, and walks every phase', async () => {
    const app = createApp(testDeps());
    const call = async (path: string, body: unknown) => {
      const res = await app.request(path, { method: 'POST', headers: json, body: JSON.stringify(body) });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
      return res.json();
    };
    const plan = (await call('/v1/plan', {
      role: 'backend',
      experienceLevel: 'mid',
      format: 'blended',
      durationMinutes: 60,
      seed: 42,
    })) as Plan;
    const grade = async (question: PlanQuestion, answer: string) => {
      const result = (await call('/v1/evaluate', {
        role: 'backend',
        experienceLevel: 'mid',
        question: { id: question.id, text: question.text, expectedKeywords: question.expectedKeywords },
        answer,
      })) as { score: number; gates: { empty: boolean; length: boolean; keyword: boolean } };
      return { score: result.score, gates: result.gates };
    };

    // What the candidate does on each technical question, in order.
    const technicalScript = ['shallow', 'strong', 'weak', 'empty'] as const;
    const history: AnswerRecord[] = [];
    const steps: NextStep[] = [];
    let technicalIndex = 0;
    let step = (await call('/v1/plan/next', { plan, history })) as NextStep;
    while (step.type !== 'end') {
      steps.push(step);
      expect(steps.length).toBeLessThan(60);
      if (step.type === 'follow_up') {
        history.push({
          questionId: step.questionId,
          followUpIndex: step.followUpIndex,
          answer: 'More detail.',
          evaluation: { score: 7 },
          elapsedSeconds: 60,
        });
      } else if (step.phase === 'technical' && technicalIndex < technicalScript.length) {
        const kind = technicalScript[technicalIndex++]!;
        const q = step.question;
        const record: AnswerRecord =
          kind === 'shallow'
            ? {
                questionId: q.id,
                answer: 'I would use Redis.',
                evaluation: await grade(q, 'I would use Redis.'),
                elapsedSeconds: 60,
              }
            : kind === 'empty'
              ? {
                  questionId: q.id,
                  answer: 'thanks',
                  evaluation: await grade(q, 'thanks'),
                  elapsedSeconds: 30,
                }
              : {
                  questionId: q.id,
                  answer: `A ${kind} answer.`,
                  evaluation: { score: kind === 'strong' ? 9 : 2 },
                  elapsedSeconds: 120,
                };
        history.push(record);
      } else {
        history.push({
          questionId: step.question.id,
          answer: 'A solid answer.',
          evaluation: { score: 7 },
          elapsedSeconds: step.question.timeSeconds,
        });
      }
      step = (await call('/v1/plan/next', { plan, history })) as NextStep;
    }

    // The shallow answer (length gate from the rubric) got its follow-up, once.
    const technical = steps.filter((s) => s.type !== 'end' && s.phase === 'technical');
    const first = technical[0]!;
    expect(first.type).toBe('question');
    const followUp = technical[1]!;
    expect(followUp).toMatchObject({ type: 'follow_up', reason: 'shallow', assessment: 'shallow' });
    expect(followUp.type === 'follow_up' && first.type === 'question' && followUp.text).toBe(
      first.type === 'question' && first.question.followUps[0],
    );
    expect(steps.filter((s) => s.type === 'follow_up')).toHaveLength(1);

    // Strong → harder, weak → easier, empty (rubric's empty gate) → easier.
    const questions = technical.filter(
      (s): s is Extract<NextStep, { type: 'question' }> => s.type === 'question',
    );
    const afterStrong = questions[2]!;
    expect(afterStrong).toMatchObject({ reason: 'harder', assessment: 'strong' });
    expect(afterStrong.question.difficulty).toBeGreaterThan(questions[1]!.question.difficulty);
    const afterWeak = questions[3]!;
    expect(afterWeak).toMatchObject({ reason: 'easier', assessment: 'weak' });
    expect(afterWeak.question.difficulty).toBeLessThan(afterStrong.question.difficulty);
    const afterEmpty = steps[steps.indexOf(afterWeak) + 1]!;
    expect(afterEmpty.type === 'question' && afterEmpty.assessment).toBe('empty');
    if (afterEmpty.type === 'question' && afterEmpty.phase === 'technical') {
      expect(afterEmpty.reason).toBe('easier');
      expect(afterEmpty.question.difficulty).toBeLessThan(afterWeak.question.difficulty);
    } else {
      expect(afterEmpty).toMatchObject({ type: 'question', reason: 'next_phase', phaseChanged: true });
    }

    // Every phase in arc order, each entered once with phaseChanged, then the end.
    const entered = steps
      .filter((s) => s.type === 'question' && s.phaseChanged)
      .map((s) => (s.type === 'question' ? s.phase : ''));
    expect(entered).toEqual(['intro', 'technical', 'coding', 'behavioral', 'wrap_up']);
    const phasesInOrder = steps
      .map((s) => (s.type === 'end' ? 'end' : s.phase))
      .filter((p, i, all) => p !== all[i - 1]);
    expect(phasesInOrder).toEqual(['intro', 'technical', 'coding', 'behavioral', 'wrap_up']);
    expect(step.type).toBe('end');
    expect(['plan_complete', 'time_up']).toContain(step.reason);
    const coding = steps.find((s) => s.type === 'question' && s.phase === 'coding');
    expect(coding?.type === 'question' && coding.question.kind).toBe('code');
  });

  it('answers 422 for a history that names a question the plan and bank do not have', async () => {
    const app = createApp(testDeps());
    const planRes = await app.request('/v1/plan', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        role: 'qa',
        experienceLevel: 'junior',
        format: 'verbal',
        durationMinutes: 20,
        seed: 1,
      }),
    });
    const plan = await planRes.json();
    const res = await app.request('/v1/plan/next', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ plan, history: [{ questionId: 'made-up', elapsedSeconds: 10 }] }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: { code: 'validation_failed', details: [{ path: 'history' }] },
    });
    const bad = await app.request('/v1/plan/next', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ plan: { phases: [] }, history: [] }),
    });
    expect(bad.status).toBe(422);
  });
});
