import type { LLM } from '@bot-backend/interfaces';
import type { AnswerRecord } from '../planning/next-step.js';
import type { Plan } from '../planning/plan-schema.js';
import type { ConversationMemory } from './conversation-memory.js';
import type { CodeAnswer, CurrentQuestion } from './current-question.js';
import type { InterviewerVoice } from './interviewer-voice.js';
import { decideNextMove, type NextQuestion, nextQuestion } from './next-move.js';
import type { ReplyDraft } from './preemptive-replies.js';
import { questionLine } from './question-line.js';

/** What a reply is drafted from, besides the answer: the interview's plan and the interviewer. */
export interface ReplyContext {
  plan: Plan;
  llm: LLM | undefined;
  followUpTimeoutMs: number | undefined;
  voice: InterviewerVoice;
  /** Answers so far (varies the acknowledgement). */
  answerIndex: number;
}

export interface ReplyInput {
  current: CurrentQuestion;
  answer: string;
  code?: CodeAnswer | undefined;
  quick: ReplyDraft['quick'];
  cutIn: boolean;
  /** Copies that hold this answer: the draft asks the next question in its memory copy. */
  memory: ConversationMemory;
  history: AnswerRecord[];
  signal: AbortSignal;
}

/** The line that asks `next`, its words from `memory` (the question already asked in it). */
export function lineOf(
  next: NextQuestion,
  memory: ConversationMemory,
  previousAnswer: string | undefined,
  context: Pick<ReplyContext, 'plan' | 'llm'>,
) {
  const { leadIn, transition } = next;
  return questionLine({
    // One LLM call per reply at most: when the LLM was asked for a follow-up this turn, its proposal
    // (checked by the follow-up guard) is already its words for this candidate, and a refused one
    // leaves the offline follow-up or the next question; either is said with fixed words after the
    // acknowledgement, since a second call would add its whole first-token time to the wait.
    llm: next.llmAsked ? undefined : context.llm,
    plan: context.plan,
    memory,
    question: next.question.text,
    leadIn,
    previousAnswer,
    transition,
  });
}

/**
 * After an answer, changing nothing of the session: the next move and, for a question, its line
 * started held (played once the answer stands, thrown away unheard if the candidate goes on).
 */
export async function draftReply(input: ReplyInput, context: ReplyContext): Promise<ReplyDraft> {
  const { current, answer, memory, signal } = input;
  const move = await decideNextMove({
    ...input,
    plan: context.plan,
    answerIndex: context.answerIndex + 1,
    llm: context.llm,
    followUpTimeoutMs: context.followUpTimeoutMs,
  });
  const draft: ReplyDraft = { ...input, move };
  if (move.type === 'end' || signal.aborted) return draft;
  const question = nextQuestion(move, current, context.voice.spokenLines);
  memory.asked(question.kind, question.question.text);
  const line = lineOf(question, memory, answer || '(no answer)', context);
  return { ...draft, next: { question, line: context.voice.prepare(line, { held: true, signal }) } };
}
