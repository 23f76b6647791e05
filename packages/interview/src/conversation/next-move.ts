import type { LLM } from '@bot-backend/interfaces';
import { type AnswerRecord, type NextStep, nextStep } from '../planning/next-step.js';
import type { Plan } from '../planning/plan-schema.js';
import { defaultQuestionBank } from '../planning/question-bank.js';
import type { AnswerGrade } from './answer-grading.js';
import type { ConversationMemory } from './conversation-memory.js';
import type { CodeAnswer, CurrentQuestion } from './current-question.js';
import { type FollowUpChoice, followUpAfter, withMainAssessment } from './follow-up-choice.js';
import { acknowledgement, cutInLine, followUpCutInLine, transition } from './interviewer-lines.js';

/** Whether the move asked the LLM for a follow-up, and how long that took. */
export interface LlmUse {
  llmAsked: boolean;
  proposalMs?: number | undefined;
}

/** What the interviewer does after an answer, and the words it leads in with. */
export type NextMove =
  | ({ type: 'follow_up'; choice: FollowUpChoice; lead: string } & LlmUse)
  | ({ type: 'ask'; step: Exclude<NextStep, { type: 'end' }>; lead: string } & LlmUse)
  | { type: 'end'; reason: Extract<NextStep, { type: 'end' }>['reason'] };

/** How the plan's next step reads an answer: its quick grade and the time it took. */
export function answerRecord(
  history: readonly AnswerRecord[],
  current: CurrentQuestion,
  answer: string,
  code: CodeAnswer | undefined,
  quick: AnswerGrade,
  now: number,
): AnswerRecord {
  const record: AnswerRecord = {
    questionId: current.questionId,
    ...(current.followUpIndex !== undefined ? { followUpIndex: current.followUpIndex } : {}),
    answer: code ? code.code : answer,
    evaluation: {
      score: quick.score,
      gates: 'length' in quick.gates ? { ...quick.gates } : { empty: quick.gates.empty },
    },
    elapsedSeconds: Math.max(1, Math.round((now - current.askedAt) / 1000)),
  };
  return current.followUp ? withMainAssessment(history, record) : record;
}

/**
 * After a graded answer: one follow-up when the plan affords it and there is
 * something to probe (after a cut-in it brings a long answer back to its
 * point), otherwise the plan's next question or its end. Reads the history
 * and memory (this answer already in both) and changes nothing.
 */
export async function decideNextMove(input: {
  plan: Plan;
  history: AnswerRecord[];
  current: CurrentQuestion;
  answer: string;
  code?: CodeAnswer | undefined;
  quick: AnswerGrade;
  /** The answer ran over its budget: the polite cut-in line leads. */
  cutIn: boolean;
  /** Varies the acknowledgement. */
  answerIndex: number;
  memory: ConversationMemory;
  llm: LLM | undefined;
  signal: AbortSignal;
  followUpTimeoutMs?: number | undefined;
  /**
   * Told, as the LLM is asked for a follow-up, the move made if its proposal is refused, so its line
   * can start meanwhile (the proposal's wait and the line's first words overlap).
   */
  onProposing?: ((fallback: NextMove) => void) | undefined;
}): Promise<NextMove> {
  const { plan, current, quick, cutIn } = input;
  const moveFor = (choice: FollowUpChoice | undefined, llm: LlmUse): NextMove => {
    if (choice) {
      const lead = cutIn ? followUpCutInLine : acknowledgement(input.answerIndex, false);
      return { type: 'follow_up', choice, lead, ...llm };
    }
    const step = nextStep({ plan, history: input.history }, defaultQuestionBank(), { followUps: false });
    if (step.type === 'end') return { type: 'end', reason: step.reason };
    return {
      type: 'ask',
      step,
      lead: cutIn ? cutInLine : acknowledgement(input.answerIndex, quick.gates.empty),
      ...llm,
    };
  };
  const followUp =
    input.code || quick.gates.empty
      ? { choice: undefined, llmAsked: false }
      : await followUpAfter({
          plan,
          history: input.history,
          phase: current.phase,
          question: current.question,
          questionText: current.text,
          answer: input.answer,
          memory: input.memory,
          llm: input.llm,
          signal: input.signal,
          timeoutMs: input.followUpTimeoutMs,
          onProposing: input.onProposing
            ? (fallback) => input.onProposing?.(moveFor(fallback, { llmAsked: false }))
            : undefined,
        });
  return moveFor(followUp.choice, { llmAsked: followUp.llmAsked, proposalMs: followUp.proposalMs });
}

/** The question a move asks: what becomes the current question (asked when said), and its lead-in. */
export interface NextQuestion {
  question: Omit<CurrentQuestion, 'askedAt' | 'followUp'>;
  kind: 'question' | 'follow_up';
  /** For a follow-up: how it was chosen (its record needs the answer's span). */
  choice?: FollowUpChoice | undefined;
  /** The acknowledgement, cut-in line or greeting said before it. */
  leadIn: string;
  /** A phase transition said between the lead-in and the question. */
  transition: string;
  /** The LLM was already asked this turn (for a follow-up): its time is spent, the line keeps fixed words. */
  llmAsked: boolean;
  /** How long that proposal took (reported with the reply's figures). */
  proposalMs?: number | undefined;
}

/** What the move asks next, after `current` (none before the first question), with `spokenLines` said so far. */
export function nextQuestion(
  move: Exclude<NextMove, { type: 'end' }>,
  current: CurrentQuestion | undefined,
  spokenLines: number,
): NextQuestion {
  if (move.type === 'follow_up') {
    const main = current!;
    const { followUp: _record, askedAt: _at, ...asked } = main;
    const question = { ...asked, followUpIndex: 0, text: move.choice.text };
    return {
      question,
      kind: 'follow_up',
      choice: move.choice,
      leadIn: move.lead,
      transition: '',
      llmAsked: move.llmAsked,
      proposalMs: move.proposalMs,
    };
  }
  const { step } = move;
  const phaseChanged = step.phaseChanged || current === undefined;
  const followUp = step.type === 'follow_up';
  return {
    question: {
      questionId: followUp ? step.questionId : step.question.id,
      followUpIndex: followUp ? step.followUpIndex : undefined,
      phase: step.phase,
      question: followUp ? current!.question : step.question,
      text: followUp ? step.text : step.question.text,
    },
    kind: 'question',
    leadIn: move.lead,
    transition: phaseChanged && spokenLines > 0 ? transition(step.phase) : '',
    llmAsked: move.llmAsked,
    proposalMs: move.proposalMs,
  };
}

/** The answer has run past its question's time budget (counted from the end of the question's line). */
export function overBudget(current: CurrentQuestion, now: number): boolean {
  return now - current.askedAt > current.question.timeSeconds * 1000;
}
