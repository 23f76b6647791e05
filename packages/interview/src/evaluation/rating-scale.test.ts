import { describe, expect, it } from 'vitest';
import { loadQuestionBank } from '../planning/question-bank.js';
import { evaluateVerbal } from './evaluate-verbal.js';
import { anchorFor, deriveRatingScale, ratingScaleSchema } from './rating-scale.js';
import { buildVerbalPrompt } from './verbal-prompt.js';

const bank = loadQuestionBank();

describe('the rating scale', () => {
  it('every bank question carries a valid scale whose anchors name its own expected points', () => {
    const generic: string[] = [];
    for (const q of bank.questions) {
      expect(ratingScaleSchema.safeParse(q.scale).success, q.id).toBe(true);
      // Concrete for this question: the 10 anchor names at least one of its points, and the anchors differ.
      const points = q.expectedKeywords.filter((k) => !['situation', 'task', 'action', 'result'].includes(k));
      if (!points.some((k) => q.scale['10'].includes(k))) generic.push(q.id);
      expect(new Set(Object.values(q.scale)).size, q.id).toBe(4);
    }
    expect(generic).toEqual([]);
  });

  it('reads the same for behavioural stories (situation, task, action, result) and warm-up questions', () => {
    const story = deriveRatingScale({
      text: 'Tell me about a mistake.',
      phase: 'behavioral',
      expectedKeywords: ['mistake', 'ownership', 'lesson'],
      followUps: ['What changed afterwards?'],
    });
    expect(story['8']).toMatch(/situation, task, own actions and a result/);
    expect(story['10']).toMatch(/mistake, ownership and lesson/);
    expect(story['10']).toMatch(/Ready for the follow-up: What changed afterwards\?$/);
  });

  it('maps scores to the anchor they reach', () => {
    expect([0, 1, 2, 3, 4, 6, 7, 8, 9, 10].map(anchorFor)).toEqual([
      undefined,
      undefined,
      2,
      2,
      5,
      5,
      8,
      8,
      10,
      10,
    ]);
  });

  it('is in the LLM grader’s prompt and in the evaluation result', async () => {
    const q = bank.questions.find((x) => x.id === 'be-http-methods')!;
    const question = {
      id: q.id,
      text: q.text,
      expectedKeywords: q.expectedKeywords,
      scale: q.scale,
      phase: q.phase,
    };
    const user = buildVerbalPrompt({ question, answer: 'x', nonce: 'n' })[1]?.content ?? '';
    for (const level of ['2', '5', '8', '10'] as const)
      expect(user).toContain(`- ${level}: ${q.scale[level]}`);
    const result = await evaluateVerbal({
      question,
      answer:
        'GET reads and is safe; PUT replaces the resource, so it is idempotent, while POST creates and is not, because a retry creates a second order.',
    });
    expect(result.scale).toEqual(q.scale);
    expect(result.graded).toBe(true);
    expect(result.anchor).toBe(anchorFor(result.score) ?? null);
  });

  it('warm-up and closing answers are not graded, and no LLM is asked', async () => {
    const q = bank.questions.find((x) => x.id === 'in-tech-stack')!;
    const result = await evaluateVerbal({
      question: { id: q.id, text: q.text, expectedKeywords: q.expectedKeywords, phase: 'intro' },
      answer: 'I build APIs in Go and Python with Postgres and Kafka, and I enjoy Go the most.',
    });
    expect(result).toMatchObject({ graded: false, evaluator: 'rubric' });
    expect(result.feedback).not.toMatch(/scale/);
  });
});
