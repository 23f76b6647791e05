import type { LLM } from '@bot-backend/interfaces';
import { stemsOf } from '../evaluation/keyword-match.js';
import { questionFitsRole } from '../planning/bank-planner.js';
import type { AnswerRecord } from '../planning/next-step.js';
import type { PhaseName, Plan, PlanQuestion } from '../planning/plan-schema.js';
import { defaultQuestionBank, type QuestionBank } from '../planning/question-bank.js';
import type { ConversationMemory } from './conversation-memory.js';
import { followUpAffordable } from './follow-up-budget.js';
import { checkFollowUp, contentStems } from './follow-up-guard.js';
import { proposeFollowUp } from './follow-up-proposal.js';
import type { EvidenceSpan, FollowUpRecord } from './interview-summary.js';
import { missedPointFollowUp } from './missed-point-follow-up.js';

/** A follow-up the engine decided to ask, and where it came from (kept in the report). */
export interface FollowUpChoice {
  text: string;
  /** llm: grounded in the candidate's words; missed_point: the offline follow-up. */
  source: 'llm' | 'missed_point';
  /** The candidate's words it refers to (llm). */
  quote?: string | undefined;
  /** The expected point it targets (missed_point). */
  missedPoint?: string | undefined;
  /** Why the LLM's proposal was not used, when there was an LLM. */
  rejected?: string | undefined;
}

// A plan's subject is worked out once per plan, a role's bank vocabulary once per bank and role:
// every interview for the role shares it, and it is most of the words.
const domains = new WeakMap<Plan, Set<string>>();
const roleVocabularies = new WeakMap<QuestionBank, Map<string, ReadonlySet<string>>>();

/** Stems of the interview's subject: the plan's questions and the role's bank vocabulary. */
export function domainStems(plan: Plan, bank: QuestionBank): Set<string> {
  const known = domains.get(plan);
  if (known) return known;
  const texts = plan.phases.flatMap((p) =>
    p.questions.flatMap((q) => [q.text, ...q.expectedKeywords, ...q.topics]),
  );
  const stems = contentStems(texts.join(' \n '));
  for (const stem of roleVocabulary(bank, plan.role)) stems.add(stem);
  domains.set(plan, stems);
  return stems;
}

/** Stems of the bank's keywords and tags over the questions that fit the role (none for a role the bank lacks). */
function roleVocabulary(bank: QuestionBank, roleId: string): ReadonlySet<string> {
  let byRole = roleVocabularies.get(bank);
  if (!byRole) {
    byRole = new Map();
    roleVocabularies.set(bank, byRole);
  }
  const known = byRole.get(roleId);
  if (known) return known;
  const role = bank.role(roleId);
  const texts: string[] = [];
  if (role) {
    for (const q of bank.questions) {
      if (questionFitsRole(q, role)) texts.push(...q.expectedKeywords, ...q.tags);
    }
  }
  const stems = contentStems(texts.join(' \n '));
  byRole.set(roleId, stems);
  return stems;
}

/**
 * The follow-up to a main answer: the LLM's proposal when there is an LLM and
 * the proposal passes every check, otherwise the follow-up that targets an
 * expected point the answer missed. Undefined when neither yields a question
 * not asked before.
 */
export async function chooseFollowUp(input: {
  llm?: LLM | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  roleTitle: string;
  level: string;
  question: PlanQuestion;
  /** What was asked (the question's text as said). */
  questionText: string;
  answer: string;
  /** The interview so far, this answer included. */
  memory: ConversationMemory;
  domain: ReadonlySet<string>;
  /** Questions still to come: a follow-up must not take one's place and have it asked twice. */
  planned?: readonly string[] | undefined;
  /** Told, as the LLM is asked, what follows if its proposal is refused (the offline follow-up or none). */
  onProposing?: ((fallback: FollowUpChoice | undefined) => void) | undefined;
}): Promise<FollowUpChoice | undefined> {
  const { question, answer, memory } = input;
  const asked = [...memory.questions, ...(input.planned ?? [])];
  // The answer's stems, read once for both the offline follow-up and the check of the LLM's.
  const answerStems = stemsOf(answer);
  const missed = missedPointFollowUp({ question, answer, answerStems, asked });
  const offline: FollowUpChoice | undefined = missed
    ? { text: missed.text, source: 'missed_point', missedPoint: missed.missedPoint }
    : undefined;
  let rejected: string | undefined;
  if (input.llm) {
    let settled = false;
    const pending = proposeFollowUp(
      input.llm,
      { roleTitle: input.roleTitle, level: input.level, question: input.questionText, answer, memory },
      { signal: input.signal, timeoutMs: input.timeoutMs },
    ).finally(() => {
      settled = true;
    });
    // A proposal taken gates the reply, so its request goes first: on a kept-alive connection it is
    // written before the event loop turns (microtasks and next ticks). The line for a refusal starts
    // right after, in the same turn, unless the proposal has already been decided (a quick failure).
    const onProposing = input.onProposing;
    if (onProposing)
      setImmediate(() => {
        if (!settled) onProposing(offline);
      });
    const proposed = await pending;
    if ('proposal' in proposed) {
      const verdict = checkFollowUp(proposed.proposal, {
        question: { ...question, text: input.questionText },
        answer,
        answerStems,
        domainStems: input.domain,
        asked,
        echo: memory.echo,
      });
      if (verdict.ok) return { text: verdict.question, source: 'llm', quote: verdict.quote };
      rejected = verdict.reason;
    } else {
      rejected = proposed.error;
    }
  }
  return offline && { ...offline, rejected };
}

/** The follow-up step's outcome: the follow-up, if any, and whether the LLM was asked for one. */
export interface FollowUpStep {
  choice: FollowUpChoice | undefined;
  /** An LLM proposal was requested (its time is already in what the candidate waits for). */
  llmAsked: boolean;
  /** How long the proposal took (request → checked), when one was requested. */
  proposalMs?: number | undefined;
}

/**
 * The engine's follow-up step after a main answer: one follow-up when the
 * plan's budgets afford it (follow-up-budget.ts) and there is something to
 * probe; none otherwise, and the plan goes on.
 */
export async function followUpAfter(input: {
  plan: Plan;
  /** The answers so far, this one last. */
  history: readonly AnswerRecord[];
  phase: PhaseName;
  question: PlanQuestion;
  questionText: string;
  answer: string;
  memory: ConversationMemory;
  llm?: LLM | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  bank?: QuestionBank | undefined;
  onProposing?: ((fallback: FollowUpChoice | undefined) => void) | undefined;
}): Promise<FollowUpStep> {
  const { plan, question } = input;
  const bank = input.bank ?? defaultQuestionBank();
  if (!followUpAffordable({ plan, history: input.history, phase: input.phase, question, bank })) {
    return { choice: undefined, llmAsked: false };
  }
  const started = performance.now();
  const choice = await chooseFollowUp({
    llm: input.llm,
    signal: input.signal,
    timeoutMs: input.timeoutMs,
    roleTitle: bank.role(plan.role)?.title ?? plan.role,
    level: plan.experienceLevel,
    question,
    questionText: input.questionText,
    answer: input.answer,
    memory: input.memory,
    domain: domainStems(plan, bank),
    planned: plan.phases.flatMap((p) => p.questions.map((q) => q.text)),
    onProposing: input.onProposing,
  });
  if (!input.llm) return { choice, llmAsked: false };
  return { choice, llmAsked: true, proposalMs: Math.round(performance.now() - started) };
}

/** How the report records a follow-up: where it came from and what it refers to. */
export function followUpRecord(
  choice: FollowUpChoice,
  parentQuestionId: string,
  answerSpan: EvidenceSpan | undefined,
): FollowUpRecord {
  return {
    kind: 'follow_up',
    parentQuestionId,
    source: choice.source,
    ...(choice.quote && answerSpan ? { refersTo: { quote: choice.quote, span: answerSpan } } : {}),
    ...(choice.missedPoint ? { missedPoint: choice.missedPoint } : {}),
    ...(choice.rejected ? { rejected: choice.rejected } : {}),
  };
}

/**
 * A follow-up's answer as the plan's next step reads it: a follow-up probes
 * one point, so it can raise the question's assessment but not sink it (a
 * strong main answer followed by a short reply to a probe still leads to a
 * harder question, not an easier one).
 */
export function withMainAssessment(history: readonly AnswerRecord[], record: AnswerRecord): AnswerRecord {
  const main = history.findLast((h) => h.questionId === record.questionId && h.followUpIndex === undefined);
  const better = (main?.evaluation?.score ?? -1) > (record.evaluation?.score ?? -1);
  return better && main?.evaluation ? { ...record, evaluation: main.evaluation } : record;
}
