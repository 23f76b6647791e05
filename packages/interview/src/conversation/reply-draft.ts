import type { LLM } from '@bot-backend/interfaces';
import type { AnswerRecord } from '../planning/next-step.js';
import type { Plan } from '../planning/plan-schema.js';
import type { ConversationMemory } from './conversation-memory.js';
import type { CodeAnswer, CurrentQuestion } from './current-question.js';
import type { InterviewerVoice, PreparedLine } from './interviewer-voice.js';
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
    // A follow-up the LLM proposed is already its words for this candidate, checked by the follow-up
    // guard: said as proposed after the acknowledgement. Any other line after a proposal was phrased
    // while the proposal was awaited (draftReply); one asked only now keeps fixed words, since a call
    // started after the proposal would add its whole first-token time to the candidate's wait.
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
 * While the LLM is asked for a follow-up, the line of the move made if its proposal is refused is
 * started too (phrased by the LLM, held): a proposal taken is said as proposed and that line thrown
 * away unheard; a refused one leaves that line, already on its way. One LLM wait per reply either way.
 */
export async function draftReply(input: ReplyInput, context: ReplyContext): Promise<ReplyDraft> {
  const { current, answer, memory, signal } = input;
  const previousAnswer = answer || '(no answer)';
  let meanwhile: { question: NextQuestion; line: PreparedLine } | undefined;
  // The line made meanwhile is written by the LLM but synthesized only once the proposal is decided:
  // usually it is taken, and that line's audio would be thrown away.
  let decided!: () => void;
  const verdict = new Promise<void>((resolve) => {
    decided = resolve;
  });
  /** A question's line, started held: phrased from a copy of the memory with the question asked. */
  const prepareLine = (question: NextQuestion, ttsAfter?: Promise<void>): PreparedLine => {
    const asked = memory.fork();
    asked.asked(question.kind, question.question.text);
    const line = lineOf(question, asked, previousAnswer, context);
    return context.voice.prepare(line, { held: true, signal, ttsAfter });
  };
  const move = await decideNextMove({
    ...input,
    plan: context.plan,
    answerIndex: context.answerIndex + 1,
    llm: context.llm,
    followUpTimeoutMs: context.followUpTimeoutMs,
    onProposing: (fallback) => {
      if (fallback.type === 'end' || signal.aborted) return;
      const question = nextQuestion(fallback, current, context.voice.spokenLines);
      meanwhile = { question, line: prepareLine(question, verdict) };
    },
  }).catch((error: unknown) => {
    if (meanwhile) context.voice.discard(meanwhile.line);
    decided();
    throw error;
  });
  const draft: ReplyDraft = { ...input, move };
  const fallback = meanwhile;
  // The line made meanwhile is used, or thrown away before its first sentence may go to TTS.
  const use = (line: PreparedLine | undefined) => {
    if (fallback && fallback.line !== line) context.voice.discard(fallback.line);
    decided();
  };
  if (move.type === 'end' || signal.aborted) {
    use(undefined);
    return draft;
  }
  const question = nextQuestion(move, current, context.voice.spokenLines);
  const refused = move.type === 'ask' || move.choice.source !== 'llm';
  if (fallback && refused && fallback.question.question.text === question.question.text) {
    use(fallback.line);
    return { ...draft, next: { question, line: fallback.line } };
  }
  use(undefined);
  return { ...draft, next: { question, line: prepareLine(question) } };
}
