import { defaultQuestionBank } from '@bot-backend/interview';
import { describe, expect, it } from 'vitest';
import { AskedQuestions, QuestionLookup } from './question-lookup.js';

describe('AskedQuestions', () => {
  const bank = defaultQuestionBank();
  const main = bank.questions.find((q) => q.phase === 'intro')!;
  const other = bank.questions.find((q) => q.phase === 'behavioral')!;

  it('files a follow-up under the main question asked before it, whatever its words read like', () => {
    const asked = new AskedQuestions(new QuestionLookup(bank));
    expect(asked.lineAsked(`Thanks. ${main.text}`, false)).toMatchObject({
      questionId: main.id,
      phase: 'intro',
      followUpIndex: undefined,
    });
    // The LLM's follow-up happens to say another bank question's words.
    const followUp = `You said "a few things": ${other.text}`;
    expect(new QuestionLookup(bank).find(followUp)?.questionId).toBe(other.id);
    expect(asked.lineAsked(followUp, true)).toMatchObject({
      questionId: main.id,
      phase: 'intro',
      followUpIndex: 0,
      text: followUp,
    });
    // The next main question is looked up again.
    expect(asked.lineAsked(other.text, false)?.questionId).toBe(other.id);
  });
});
