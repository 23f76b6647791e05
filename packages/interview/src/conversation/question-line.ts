import type { LLM, LlmMessage } from '@bot-backend/interfaces';
import type { SentenceFilter } from '@bot-backend/voice';
import type { Plan } from '../planning/plan-schema.js';
import { defaultQuestionBank } from '../planning/question-bank.js';
import type { ConversationMemory } from './conversation-memory.js';
import { replyGuard } from './guarded-reply.js';
import { cutInLine, followUpCutInLine, replyMessages, scriptedReply } from './interviewer-lines.js';

/** An interviewer line: fixed words, or an LLM request with the fixed words as its fallback. */
export type InterviewerLine = string | { messages: LlmMessage[]; fallback: string; filter: SentenceFilter };

/**
 * The line that asks `question`: after an answer and with an LLM, the model
 * phrases it, seeing the interview so far, and every sentence is checked
 * before it is spoken (guarded-reply.ts); otherwise the scripted line.
 */
export function questionLine(input: {
  llm: LLM | undefined;
  plan: Plan;
  memory: ConversationMemory;
  question: string;
  /** The acknowledgement (or cut-in line) before it. */
  leadIn: string;
  /** The answer it follows; undefined for the first question. */
  previousAnswer: string | undefined;
  /** A phase transition said before the question. */
  transition?: string | undefined;
}): InterviewerLine {
  const { question, leadIn, previousAnswer, plan, memory } = input;
  const lead = input.transition ?? '';
  const scripted = scriptedReply({ ack: leadIn, transition: lead, question });
  // A follow-up that cuts in keeps its fixed words (the model's cut-in line says it moves on).
  if (!input.llm || previousAnswer === undefined || leadIn === followUpCutInLine) return scripted;
  return {
    messages: replyMessages({
      roleTitle: defaultQuestionBank().role(plan.role)?.title ?? plan.role,
      level: plan.experienceLevel,
      answer: previousAnswer,
      question,
      transition: lead || undefined,
      cutIn: leadIn === cutInLine,
      memory,
    }),
    fallback: scripted,
    filter: replyGuard({ question, echo: memory.echo }),
  };
}
