import { describe, expect, it } from 'vitest';
import { questionFitsRole } from '../planning/bank-planner.js';
import { defaultQuestionBank } from '../planning/question-bank.js';
import { ConversationMemory } from './conversation-memory.js';
import { domainStems, followUpAfter, followUpRecord, withMainAssessment } from './follow-up-choice.js';
import { contentStems } from './follow-up-guard.js';
import { backendVerbalPlan as plan } from './verbal-plan.fixture.js';

const technical = plan.phases.find((p) => p.phase === 'technical')!.questions[0]!;
const answer = 'A unique constraint on the payment id, and the stored response is sent again on a retry.';

function memory(): ConversationMemory {
  const m = new ConversationMemory();
  m.asked('question', technical.text);
  m.answered(answer);
  return m;
}
const step = (elapsedSeconds: number) => ({
  plan,
  history: [{ questionId: technical.id, elapsedSeconds }],
  phase: 'technical' as const,
  question: technical,
  questionText: technical.text,
  answer,
  memory: memory(),
});

describe('followUpAfter', () => {
  it('offline, asks about the first expected point the answer missed, while the phase can afford it', async () => {
    const { choice, llmAsked } = await followUpAfter(step(60));
    expect(llmAsked).toBe(false);
    expect(choice).toEqual({
      text: 'How long do you keep idempotency keys?',
      source: 'missed_point',
      missedPoint: 'idempotency key',
      rejected: undefined,
    });
  });

  it('never asks, as a follow-up, a question the plan still holds', async () => {
    const upcoming = 'How long do you keep idempotency keys?';
    const withIt = {
      ...plan,
      phases: plan.phases.map((p) =>
        p.phase === 'behavioral'
          ? { ...p, questions: [...p.questions, { ...technical, id: 'later', text: upcoming }] }
          : p,
      ),
    };
    const { choice } = await followUpAfter({ ...step(60), plan: withIt });
    expect(choice?.text).not.toBe(upcoming);
    expect(choice?.missedPoint).toBe('idempotency key');
  });

  it('asks nothing once the answer used the time a follow-up needs', async () => {
    expect(await followUpAfter(step(200))).toEqual({ choice: undefined, llmAsked: false });
  });

  it('records where the follow-up came from and the span it refers to', () => {
    const span = { speaker: 'candidate' as const, startMs: 10, endMs: 20, text: answer };
    expect(
      followUpRecord(
        { text: 'Why a unique constraint?', source: 'llm', quote: 'A unique constraint' },
        technical.id,
        span,
      ),
    ).toEqual({
      kind: 'follow_up',
      parentQuestionId: technical.id,
      source: 'llm',
      refersTo: { quote: 'A unique constraint', span },
    });
  });

  it("a reply to a probe can raise the question's assessment for the next step, never sink it", () => {
    const main = { questionId: technical.id, elapsedSeconds: 60, evaluation: { score: 8 } };
    const weakReply = {
      questionId: technical.id,
      followUpIndex: 0,
      elapsedSeconds: 20,
      evaluation: { score: 2 },
    };
    const strongReply = { ...weakReply, evaluation: { score: 9 } };
    expect(withMainAssessment([main], weakReply)).toEqual({ ...weakReply, evaluation: { score: 8 } });
    expect(withMainAssessment([main], strongReply)).toBe(strongReply);
    expect(withMainAssessment([], weakReply)).toBe(weakReply);
  });
});

describe('domainStems', () => {
  const bank = defaultQuestionBank();
  const role = bank.role(plan.role)!;
  const roleTexts = bank.questions
    .filter((q) => questionFitsRole(q, role))
    .flatMap((q) => [...q.expectedKeywords, ...q.tags]);
  const planTexts = (p: typeof plan) =>
    p.phases.flatMap((phase) => phase.questions.flatMap((q) => [q.text, ...q.expectedKeywords, ...q.topics]));

  it("is the stems of the plan's questions and of the role's bank keywords and tags", () => {
    expect([...domainStems(plan, bank)].sort()).toEqual(
      [...contentStems([...planTexts(plan), ...roleTexts].join(' \n '))].sort(),
    );
  });

  it("gives another plan of the role the same bank vocabulary, and its own questions' words only", () => {
    const other = { ...plan, phases: plan.phases.filter((p) => p.phase === 'intro') };
    const expected = contentStems([...planTexts(other), ...roleTexts].join(' \n '));
    expect([...domainStems(other, bank)].sort()).toEqual([...expected].sort());
    const onlyInFirst = [...domainStems(plan, bank)].filter((s) => !expected.has(s));
    expect(onlyInFirst.length).toBeGreaterThan(0);
  });
});
