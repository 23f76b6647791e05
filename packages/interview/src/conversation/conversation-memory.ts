import { delimit } from '../evaluation/answer-delimiter.js';
import { InstructionEcho } from './injection-echo.js';

/** One question (or follow-up) the interviewer asked and what the candidate said to it. */
export interface Exchange {
  kind: 'question' | 'follow_up';
  question: string;
  /** Empty until answered. */
  answer: string;
}

export interface MemoryBudget {
  /** The whole rendered history stays under this many characters (about 4 per token). */
  maxChars: number;
  /** One answer longer than this is cut (its start kept): a monologue must not push out the rest. */
  maxAnswerChars: number;
}

/** About 1,500 tokens of history: a 45-minute interview's last dozen exchanges. */
export const defaultMemoryBudget: MemoryBudget = { maxChars: 6_000, maxAnswerChars: 1_200 };

export interface RenderedMemory {
  /** The exchanges, oldest first, each answer inside its own data block. */
  text: string;
  /** Exchanges left out, oldest first, to stay within the budget. */
  omitted: number;
  /** Every question asked so far, including those whose exchange was left out. */
  asked: string[];
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max).replace(/\s+\S*$/u, '')} …`;
}

/**
 * The interview so far, as the LLM interviewer sees it: each question, and
 * each answer delimited as data (the same unguessable tag as the graders'
 * prompts, so no answer can close its block and speak as the prompt),
 * trimmed to a budget with the newest exchanges kept. It also remembers
 * every order the candidate gave, so no line of ours repeats one.
 */
export class ConversationMemory {
  private readonly exchanges: Exchange[] = [];

  constructor(
    private readonly budget: MemoryBudget = defaultMemoryBudget,
    readonly echo = new InstructionEcho(),
  ) {}

  /** A copy to change on its own (a reply prepared before the answer is known to be over). */
  fork(): ConversationMemory {
    const copy = new ConversationMemory(this.budget, this.echo.fork());
    copy.exchanges.push(...this.exchanges.map((e) => ({ ...e })));
    return copy;
  }

  asked(kind: Exchange['kind'], question: string): void {
    this.exchanges.push({ kind, question, answer: '' });
  }

  /** The answer to the last question asked. */
  answered(answer: string): void {
    const last = this.exchanges.at(-1);
    if (!last) return;
    last.answer = last.answer ? `${last.answer} ${answer}` : answer;
    this.echo.add(answer);
  }

  get questions(): string[] {
    return this.exchanges.map((e) => e.question);
  }

  get length(): number {
    return this.exchanges.length;
  }

  /**
   * The history for a prompt, answers in `<answer-NONCE>` blocks. `skipLast`
   * leaves out the newest exchange (the prompt shows it on its own).
   */
  render(nonce: string, options: { skipLast?: boolean } = {}): RenderedMemory {
    const all = options.skipLast ? this.exchanges.slice(0, -1) : this.exchanges;
    const blocks: string[] = [];
    let used = 0;
    let index = all.length - 1;
    for (; index >= 0; index--) {
      const e = all[index]!;
      const label = e.kind === 'follow_up' ? 'Interviewer (follow-up)' : 'Interviewer';
      const answer = e.answer.trim()
        ? delimit('answer', clip(e.answer.trim(), this.budget.maxAnswerChars), nonce).text
        : '(no answer)';
      const block = `${label}: ${e.question}\nCandidate:\n${answer}`;
      if (used + block.length > this.budget.maxChars) break;
      blocks.unshift(block);
      used += block.length + 2;
    }
    return { text: blocks.join('\n\n'), omitted: index + 1, asked: this.questions };
  }
}
