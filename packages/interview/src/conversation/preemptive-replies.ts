import type { AnswerGrade } from './answer-grading.js';
import type { CurrentQuestion } from './current-question.js';
import type { PreparedLine } from './interviewer-voice.js';
import type { NextMove, NextQuestion } from './next-move.js';

/** Everything the interviewer does after one answer, worked out without changing the session. */
export interface ReplyDraft {
  /** The answer (trimmed) and the question it answers. */
  answer: string;
  current: CurrentQuestion;
  quick: AnswerGrade;
  /** The answer was over its budget: the move leads with the polite cut-in line. */
  cutIn: boolean;
  move: NextMove;
  /** For a question or follow-up: what is asked and its line, started (held until played). */
  next?: { question: NextQuestion; line: PreparedLine } | undefined;
}

/** Preemptive replies: prepared at a pause, played when the turn ends there, discarded when the candidate goes on. */
export interface PreemptiveCounts {
  generated: number;
  used: number;
  discarded: number;
}

export type PreemptiveOutcome = keyof PreemptiveCounts;

interface Pending {
  answer: string;
  current: CurrentQuestion;
  controller: AbortController;
  draft: Promise<ReplyDraft | undefined>;
}

/**
 * The reply prepared while the candidate's turn is still being judged: at
 * their pause the next move is decided (the follow-up proposal included) and
 * its line's LLM call and first sentence's TTS start, held. When the turn ends
 * with that answer, the reply is used; when they go on (or the turn ends with
 * other words), it is aborted and its line thrown away unheard. One at a time.
 */
export class PreemptiveReplies {
  readonly counts: PreemptiveCounts = { generated: 0, used: 0, discarded: 0 };
  private pending: Pending | undefined;

  constructor(
    private readonly hooks: {
      /** Throws a prepared line away without a sound. */
      discardLine(line: PreparedLine): void;
      onOutcome?: ((outcome: PreemptiveOutcome) => void) | undefined;
    },
  ) {}

  /** A reply is being prepared or waits to be used. */
  get open(): boolean {
    return this.pending !== undefined;
  }

  /** Prepares a reply to `answer` (replacing any other); `draft` must honour the signal. */
  start(
    answer: string,
    current: CurrentQuestion,
    draft: (signal: AbortSignal) => Promise<ReplyDraft>,
    session: AbortSignal,
  ): void {
    this.discard();
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, session]);
    const pending: Pending = {
      answer,
      current,
      controller,
      draft: draft(signal).catch(() => undefined),
    };
    this.pending = pending;
    this.count('generated');
  }

  /**
   * The reply prepared for this answer to this question, when there is one and
   * it `fits` (the session checks what may have changed); any other is discarded.
   */
  async take(
    answer: string,
    current: CurrentQuestion,
    fits: (draft: ReplyDraft) => boolean,
  ): Promise<ReplyDraft | undefined> {
    const pending = this.pending;
    if (!pending) return undefined;
    if (pending.answer !== answer || pending.current !== current) {
      this.discard();
      return undefined;
    }
    const draft = await pending.draft;
    if (this.pending !== pending) return undefined;
    this.pending = undefined;
    if (!draft || pending.controller.signal.aborted || !fits(draft)) {
      this.drop(pending, draft);
      return undefined;
    }
    return draft;
  }

  /** A reply taken (counted once it is heard, since the candidate may still take the turn back). */
  used(): void {
    this.count('used');
  }

  /**
   * A reply to a turn the candidate took back before hearing it: thrown away unheard and counted
   * as a discarded preemptive reply (`prepared`: it was one, already counted as generated).
   */
  withdraw(draft: ReplyDraft | undefined, prepared: boolean): void {
    if (draft?.next) this.hooks.discardLine(draft.next.line);
    if (!prepared) this.count('generated');
    this.count('discarded');
  }

  /** The candidate went on (or the session ends): the prepared reply goes unheard. */
  discard(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    pending.controller.abort();
    this.drop(pending, undefined);
  }

  private drop(pending: Pending, settled: ReplyDraft | undefined): void {
    pending.controller.abort();
    if (settled?.next) this.hooks.discardLine(settled.next.line);
    else
      void pending.draft.then((draft) => {
        if (draft?.next) this.hooks.discardLine(draft.next.line);
      });
    this.count('discarded');
  }

  private count(outcome: PreemptiveOutcome): void {
    this.counts[outcome] += 1;
    this.hooks.onOutcome?.(outcome);
  }
}
