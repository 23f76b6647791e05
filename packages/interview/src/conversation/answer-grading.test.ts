import { type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { createOpenAI } from '@bot-backend/vendors-openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromBank } from '../planning/bank-planner.js';
import { AnswerGrading, type AnswerGradingOptions } from './answer-grading.js';
import type { CurrentQuestion } from './current-question.js';
import type { AnswerEvaluationEvent } from './session-events.js';
import { backendVerbalPlan as plan } from './verbal-plan.fixture.js';

// Grading with the rubric alone, and with the real OpenAI vendor package against the loopback fake.
let openai: OpenAiFake;
beforeAll(async () => {
  openai = await startOpenAiFake();
});
afterAll(() => openai.close());
/** Chat requests the fake received since `from` (its log spans the file's tests). */
const chatsSince = (from: number) => openai.chatRequests().length - from;

const technical = plan.phases.find((p) => p.phase === 'technical')!.questions[0]!;
const intro = plan.phases.find((p) => p.phase === 'intro')!.questions[0]!;
const asked = (question: typeof technical, phase: CurrentQuestion['phase']): CurrentQuestion => ({
  questionId: question.id,
  phase,
  question,
  text: question.text,
  askedAt: 0,
});
const answer =
  'I store an idempotency key with the stored response in Postgres, so a retried payment gets the first result back.';
const span = { startMs: 1_000, endMs: 6_000 };

/** A grader; the fake forgets the previous test's replies and faults. */
function grading(withLlm: boolean, extra: Partial<AnswerGradingOptions> = {}) {
  openai.respond(undefined);
  openai.reset();
  const graded: AnswerEvaluationEvent[] = [];
  const delivered: unknown[] = [];
  const controller = new AbortController();
  const grader = new AnswerGrading({
    sessionId: 's-1',
    role: 'backend',
    experienceLevel: 'mid',
    ...(withLlm ? { llm: createOpenAI({ apiKey: 'sk-test', baseURL: openai.openaiBaseURL }).llm() } : {}),
    signal: controller.signal,
    onGraded: (event) => graded.push(event),
    deliver: async (payload) => {
      delivered.push(payload);
    },
    ...extra,
  });
  return { grader, graded, delivered, controller };
}

describe('AnswerGrading', () => {
  it('offline, the rubric grade is the final one: recorded, shown and delivered with its evidence', async () => {
    const { grader, graded, delivered } = grading(false);
    const current = asked(technical, 'technical');
    const quick = await grader.quick(current, answer);
    expect(quick.evaluator).toBe('rubric');
    const outcome = grader.record(current, answer, span, undefined, quick);
    expect(outcome).toMatchObject({
      questionId: technical.id,
      kind: 'verbal',
      score: quick.score,
      graded: true,
      evidence: [{ speaker: 'candidate', ...span, text: answer }],
    });
    await grader.settled();
    expect(grader.pending).toBe(0);
    expect(graded).toEqual([expect.objectContaining({ questionId: technical.id, score: quick.score })]);
    expect(delivered).toEqual([
      expect.objectContaining({ sessionId: 's-1', questionId: technical.id, answer, evaluator: 'rubric' }),
    ]);
    expect(grader.outcomes).toEqual([outcome]);
  });

  it("starts the final grade after the work already queued (a reply's first audio), never inside record()", async () => {
    const { grader, graded, delivered } = grading(false);
    const current = asked(technical, 'technical');
    const quick = await grader.quick(current, answer);
    const seen: number[] = [];
    grader.record(current, answer, span, undefined, quick);
    seen.push(graded.length);
    // Queued right after record(), as the reply's playout is: it runs before the grade is shown.
    void Promise.resolve().then(() => seen.push(graded.length));
    expect(grader.pending).toBe(1);
    await grader.settled();
    expect(seen).toEqual([0, 0]);
    expect(graded).toHaveLength(1);
    expect(delivered).toHaveLength(1);
  });

  it("with an LLM, the model's grade replaces the rubric's in the outcome, the event and the delivery", async () => {
    const { grader, graded, delivered } = grading(true);
    openai.respond(() => ({
      json: { score: 9, feedback: 'Precise and complete.', strengths: ['precise'], improvements: ['none'] },
    }));
    const current = asked(technical, 'technical');
    const before = openai.chatRequests().length;
    const quick = await grader.quick(current, answer);
    // The quick grade never waits for the model.
    expect(chatsSince(before)).toBe(0);
    const outcome = grader.record(current, answer, span, undefined, quick);
    expect(outcome.evaluator).toBe('rubric');
    await grader.settled();
    expect(chatsSince(before)).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ evaluator: 'llm', score: 9, feedback: 'Precise and complete.' });
    expect(graded).toEqual([expect.objectContaining({ score: 9, evaluator: 'llm' })]);
    expect(delivered).toEqual([expect.objectContaining({ score: 9, evaluator: 'llm', answer })]);
  });

  it('a model that fails leaves the rubric grade standing, still shown and delivered', async () => {
    const { grader, graded, delivered } = grading(true);
    openai.fail(500);
    const current = asked(technical, 'technical');
    const quick = await grader.quick(current, answer);
    const outcome = grader.record(current, answer, span, undefined, quick);
    await grader.settled();
    expect(outcome).toMatchObject({ evaluator: 'rubric', score: quick.score });
    expect(graded.map((g) => g.evaluator)).toEqual(['rubric']);
    expect(delivered).toHaveLength(1);
  });

  it('an empty answer and a warm-up answer: no model call, and the warm-up is not graded', async () => {
    const { grader } = grading(true);
    const before = openai.chatRequests().length;
    const empty = await grader.quick(asked(technical, 'technical'), '');
    expect(empty.gates.empty).toBe(true);
    expect(grader.record(asked(technical, 'technical'), '', span, undefined, empty).evidence).toEqual([]);
    await grader.settled();
    expect(chatsSince(before)).toBe(0);
    const warmUp = grader.record(
      asked(intro, 'intro'),
      answer,
      span,
      undefined,
      await grader.quick(asked(intro, 'intro'), answer),
    );
    expect(warmUp).toMatchObject({ graded: false, score: null });
  });

  it('a code answer: graded as code, its tests run, and the outcome keeps the source and the pass count', async () => {
    const coding = planFromBank({
      role: 'backend',
      experienceLevel: 'mid',
      format: 'technical',
      durationMinutes: 30,
      codingLanguage: 'python',
      seed: 3,
    })
      .phases.flatMap((p) => p.questions)
      .find((q) => q.kind === 'code')!;
    const ran: unknown[] = [];
    const { grader } = grading(false, {
      runTests: async (input) => {
        ran.push(input);
        return {
          passed: 1,
          total: 2,
          results: [
            { ok: true, ms: 1 },
            { ok: false, ms: 1 },
          ],
        };
      },
    });
    const current = asked(coding, 'coding');
    const code = { code: `def ${coding.entryPoint}(*args):\n    return None\n`, language: 'python' as const };
    const quick = await grader.quick(current, '', code);
    const outcome = grader.record(current, '', span, code, quick);
    expect(ran).toHaveLength(1);
    expect(outcome).toMatchObject({
      kind: 'code',
      code: { language: 'python', source: code.code, passed: 1, total: 2 },
    });
    await grader.settled();
  });
});
