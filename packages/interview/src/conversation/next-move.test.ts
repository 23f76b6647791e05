import { describe, expect, it } from 'vitest';
import type { AnswerRecord } from '../planning/next-step.js';
import { AnswerGrading } from './answer-grading.js';
import { ConversationMemory } from './conversation-memory.js';
import type { CurrentQuestion } from './current-question.js';
import { cutInLine, followUpCutInLine } from './interviewer-lines.js';
import { answerRecord, decideNextMove } from './next-move.js';
import { backendVerbalPlan as plan } from './verbal-plan.fixture.js';

// Offline (the rubric and the bank): what the interviewer does after an answer.
const questions = plan.phases.flatMap((p) => p.questions.map((question) => ({ phase: p.phase, question })));
const at = (index: number): CurrentQuestion => {
  const { phase, question } = questions[index]!;
  return { questionId: question.id, phase, question, text: question.text, askedAt: 0 };
};
const grader = new AnswerGrading({
  sessionId: 's',
  role: 'backend',
  experienceLevel: 'mid',
  signal: new AbortController().signal,
  onGraded: () => {},
  deliver: async () => {},
});
const technicalIndex = questions.findIndex((q) => q.phase === 'technical');
const partial = 'A unique constraint on the payment id, and the stored response is sent again on a retry.';

/** The history and memory as the session holds them once `answer` to question `index` is in. */
async function answered(index: number, answer: string, earlier: AnswerRecord[] = [], elapsedMs = 60_000) {
  const current = at(index);
  const memory = new ConversationMemory();
  memory.asked('question', current.text);
  memory.answered(answer);
  const quick = await grader.quick(current, answer);
  const history = [...earlier, answerRecord(earlier, current, answer, undefined, quick, elapsedMs)];
  return { current, memory, quick, history, answer };
}

const move = (state: Awaited<ReturnType<typeof answered>>, cutIn = false) =>
  decideNextMove({
    plan,
    ...state,
    code: undefined,
    cutIn,
    answerIndex: 1,
    llm: undefined,
    signal: new AbortController().signal,
  });

describe('decideNextMove', () => {
  it('follows up on a point the answer missed, with an acknowledgement, and changes nothing it reads', async () => {
    const state = await answered(technicalIndex, partial);
    const next = await move(state);
    expect(next).toMatchObject({
      type: 'follow_up',
      choice: { source: 'missed_point', missedPoint: 'idempotency key' },
      lead: 'Got it, thank you.',
    });
    expect(state.history).toHaveLength(1);
    expect(state.memory.length).toBe(1);
  });

  it('after a cut-in, leads with the polite cut-in line (the follow-up one, or the moving-on one)', async () => {
    const followUp = await move(await answered(technicalIndex, partial), true);
    expect(followUp).toMatchObject({ type: 'follow_up', lead: followUpCutInLine });
    // Long enough that the phase cannot afford a follow-up: the next question, after the cut-in line.
    const long = await answered(technicalIndex, partial, [], 400_000);
    expect(await move(long, true)).toMatchObject({ type: 'ask', lead: cutInLine });
  });

  it('an empty answer gets no follow-up: the plan goes on with a neutral line', async () => {
    const next = await move(await answered(technicalIndex, ''));
    expect(next).toMatchObject({ type: 'ask', lead: "No problem, let's move on." });
    if (next.type === 'ask' && next.step.type === 'question')
      expect(next.step.question.id).not.toBe(questions[technicalIndex]!.question.id);
  });

  it('ends the interview once the last planned question is answered', async () => {
    const earlier: AnswerRecord[] = questions
      .slice(0, -1)
      .map(({ question }) => ({ questionId: question.id, elapsedSeconds: 30, evaluation: { score: 6 } }));
    const next = await move(await answered(questions.length - 1, 'None, thank you.', earlier, 20_000));
    expect(next).toEqual({ type: 'end', reason: 'plan_complete' });
  });
});

describe('answerRecord', () => {
  it("reads a follow-up's reply with its main question's assessment when that is better", async () => {
    const main = at(technicalIndex);
    const followUp: CurrentQuestion = {
      ...main,
      followUpIndex: 0,
      followUp: { kind: 'follow_up', parentQuestionId: main.questionId, source: 'missed_point' },
    };
    const quick = await grader.quick(followUp, 'No idea.');
    const earlier: AnswerRecord[] = [
      { questionId: main.questionId, elapsedSeconds: 60, evaluation: { score: 8 } },
    ];
    const record = answerRecord(earlier, followUp, 'No idea.', undefined, quick, 15_000);
    expect(record).toMatchObject({ questionId: main.questionId, followUpIndex: 0, elapsedSeconds: 15 });
    expect(record.evaluation?.score).toBe(8);
  });
});
