import { type OpenAiFake, type OpenAiFakeRequest, startOpenAiFake } from '@bot-backend/testkit';
import { createOpenAI } from '@bot-backend/vendors-openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateVerbal } from './evaluate-verbal.js';
import { gradedItems } from './graded-set.fixture.js';
import { spokenForms, spokenVariant } from './spoken-variants.fixture.js';

describe('scores do not depend on transcription', () => {
  it('spoken variants of every graded answer (no casing or punctuation, fillers, homophone slips) stay within one point', async () => {
    const moved: string[] = [];
    const far: string[] = [];
    const changed = new Set<string>();
    for (const item of gradedItems) {
      const written = await evaluateVerbal({ question: item.question, answer: item.answer });
      for (const form of spokenForms) {
        const text = spokenVariant(item.answer, form);
        if (text !== item.answer) changed.add(form);
        const spoken = await evaluateVerbal({ question: item.question, answer: text });
        const line = `${item.question.id} graded ${item.grade} ${form}: ${written.score} → ${spoken.score}`;
        if (spoken.score !== written.score) moved.push(line);
        if (Math.abs(spoken.score - written.score) > 1 || spoken.gates.nonAnswer) far.push(line);
      }
    }
    console.info(
      `spoken variants: ${gradedItems.length * spokenForms.length}, moved ${moved.length}, more than one point ${far.length}`,
    );
    expect(far).toEqual([]);
    expect([...changed].sort()).toEqual([...spokenForms].sort());
  }, 120_000);

  describe('the LLM grader sees the same words', () => {
    let fake: OpenAiFake;
    const seen: string[] = [];
    const answerOf = (request: OpenAiFakeRequest) => {
      const messages = (request.body?.messages ?? []) as Array<{ content?: string }>;
      return (
        messages
          .map((m) => m.content ?? '')
          .join('\n')
          .match(/<(candidate-answer-[\w-]+)>\n([\s\S]*?)\n<\/\1>/)?.[2] ?? ''
      );
    };
    beforeAll(async () => {
      fake = await startOpenAiFake();
      fake.respond((request) => {
        seen.push(answerOf(request));
        return { json: { score: 5, feedback: 'ok', strengths: [], improvements: [] } };
      });
    });
    afterAll(async () => {
      await fake.close();
    });

    it('the written answer and its fully spoken variant reach the LLM as identical text', async () => {
      const openai = createOpenAI({ apiKey: 'sk-test', baseURL: fake.openaiBaseURL });
      const options = { llm: openai.llm(), moderator: openai.moderation() };
      const differ: string[] = [];
      // Every technical and behavioural item (warm-up and closing answers are not sent to an LLM).
      const items = gradedItems.filter((i) => i.question.phase !== 'intro' && i.question.phase !== 'wrap_up');
      for (const item of items) {
        seen.length = 0;
        await evaluateVerbal({ question: item.question, answer: item.answer }, options);
        await evaluateVerbal({ question: item.question, answer: spokenVariant(item.answer, 'all') }, options);
        expect(seen).toHaveLength(2);
        if (seen[0] !== seen[1]) differ.push(`${item.question.id}: ${seen[0]} ≠ ${seen[1]}`);
      }
      expect(differ.length).toBeLessThanOrEqual(Math.floor(items.length * 0.02));
    }, 180_000);
  });
});
