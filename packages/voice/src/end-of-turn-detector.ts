import type { SttStreamPart, SttWord } from '@bot-backend/interfaces';
import type { InterviewPhase } from './interview-phase.js';
import { steadyNow } from './steady-clock.js';
import type { TurnSettings } from './turn-settings.js';
import { EndOfTurnPolicy } from './turn-taking/end-of-turn-policy.js';
import type { EndOfTurnDecision } from './turn-taking/end-of-turn-wait.js';

export interface CandidateTurn {
  text: string;
  words: SttWord[];
  /** Audio time of the first and last word, ms from the session's start. */
  startMs: number;
  endMs: number;
  /** Why the turn ended. */
  reason: 'silence' | 'commit';
}

export interface EndOfTurnEvents {
  onTurn(turn: CandidateTurn): void;
  /** The answer ran past its budget and the candidate paused (the STT's end of turn): time for a polite cut-in. */
  onOverBudget?(elapsedMs: number): void;
  /**
   * Each new decision of the end-of-turn policy while the turn is open: a `wait` on a finished-looking
   * thought is the moment to start a reply preemptively; speech after it withdraws it.
   */
  onDecision?(decision: EndOfTurnDecision): void;
}

/**
 * Decides when the candidate has finished answering, from what they said
 * (EndOfTurnPolicy): a finished thought ends after a short silence or the
 * STT's confident end-of-turn; an unfinished one or a thinking pause waits up
 * to the phase's silence budget and its thinking grace; in silent coding only
 * an explicit commit ends the turn.
 */
export class EndOfTurnDetector {
  private finals: Array<{ text: string; words: readonly SttWord[]; startMs: number; endMs: number }> = [];
  private partial = '';
  private answerStartedAt: number | undefined;
  /** When the last turn ended began: a reopened turn keeps its start (and so its budget). */
  private lastAnswerStartedAt: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private phase: InterviewPhase;
  private budgetMs: number | undefined;
  private overBudgetSignalled = false;

  private readonly policy: EndOfTurnPolicy;

  constructor(
    private readonly settings: TurnSettings,
    private readonly events: EndOfTurnEvents,
    options: {
      phase: InterviewPhase;
      now?: () => number;
      /** BCP-47 tag of the candidate's speech; the completeness score knows English only. */
      language?: string;
      /** The STT sends end-of-turn parts (`stt.capabilities.endOfTurn`); default true. */
      vendorSignalsEnd?: boolean;
    },
  ) {
    this.phase = options.phase;
    this.now = options.now ?? steadyNow;
    this.policy = new EndOfTurnPolicy({
      now: this.now,
      settings: settings.endOfTurn,
      language: options.language,
      vendorSignalsEnd: options.vendorSignalsEnd,
    });
    this.setPolicyQuestion();
  }

  private readonly now: () => number;

  /** A new question: its phase decides the silence budget, its budget the cut-in, its text what a full answer is. */
  setQuestion(phase: InterviewPhase, budgetMs?: number, questionText?: string): void {
    this.phase = phase;
    this.setPolicyQuestion(questionText);
    this.budgetMs = budgetMs;
    this.overBudgetSignalled = false;
    this.answerStartedAt = undefined;
    this.lastAnswerStartedAt = undefined;
  }

  /** Text heard so far in this answer (finals and the live partial). */
  get pendingText(): string {
    return [...this.finals.map((f) => f.text), this.partial].filter(Boolean).join(' ');
  }

  push(part: SttStreamPart): void {
    this.track(part);
    // A pause: the only polite moment to cut in on an answer over its budget.
    if (part.type === 'end-of-turn' && this.checkBudget()) return;
    this.act(this.policy.push(part));
  }

  private track(part: SttStreamPart): void {
    switch (part.type) {
      case 'speech-start':
        this.heardSpeech();
        break;
      case 'transcript-partial':
        if (part.text.trim()) {
          this.partial = part.text;
          this.heardSpeech();
        }
        break;
      case 'transcript-final':
        this.partial = '';
        if (part.text.trim()) {
          this.finals.push({
            text: part.text.trim(),
            words: part.words,
            startMs: part.startMs,
            endMs: part.endMs,
          });
          this.heardSpeech();
        }
        break;
      default:
        break;
    }
  }

  /** End the turn now (the candidate pressed "done", typed an answer, or submitted code). */
  commit(): void {
    this.emit('commit');
  }

  /**
   * The turn that ended with `turn` goes on (the candidate resumed before hearing a reply): its words
   * are this turn's first, its start and budget stand, and the end of turn is decided again.
   */
  reopen(turn: CandidateTurn): void {
    if (!turn.text) return;
    const said = { text: turn.text, words: turn.words, startMs: turn.startMs, endMs: turn.endMs };
    this.finals = [said, ...this.finals];
    this.policy.reopen(turn.text);
    this.answerStartedAt = this.lastAnswerStartedAt ?? this.answerStartedAt;
  }

  dispose(): void {
    this.clearTimer();
  }

  private heardSpeech(): void {
    this.answerStartedAt ??= this.now();
    this.clearTimer();
  }

  private setPolicyQuestion(questionText?: string): void {
    const budget = this.settings.phases[this.phase];
    if (budget) this.policy.setQuestion(budget, questionText);
  }

  /** Ends the turn, or sets a timer to ask the policy again when its silence would run out. */
  private act(decision: EndOfTurnDecision): void {
    this.clearTimer();
    if (this.finals.length === 0) return;
    this.events.onDecision?.(decision);
    if (decision.type === 'end') this.emit('silence');
    else if (decision.type === 'wait')
      this.timer = setTimeout(() => this.act(this.policy.decide()), decision.remainingMs);
  }

  /** At a pause in an answer over its budget: signals once and returns true. */
  private checkBudget(): boolean {
    if (this.budgetMs === undefined || this.overBudgetSignalled || this.answerStartedAt === undefined)
      return false;
    if (this.finals.length === 0) return false;
    const elapsed = this.now() - this.answerStartedAt;
    if (elapsed <= this.budgetMs) return false;
    this.overBudgetSignalled = true;
    this.events.onOverBudget?.(elapsed);
    return true;
  }

  private emit(reason: CandidateTurn['reason']): void {
    this.clearTimer();
    this.policy.reset();
    const finals = this.finals;
    const partial = this.partial.trim();
    this.finals = [];
    this.partial = '';
    this.lastAnswerStartedAt = this.answerStartedAt;
    this.answerStartedAt = undefined;
    const text = [...finals.map((f) => f.text), partial].filter(Boolean).join(' ');
    if (!text && reason === 'silence') return;
    const words = finals.flatMap((f) => f.words);
    this.events.onTurn({
      text,
      words,
      // The span of what was said: first word to last when the STT gives word timings.
      startMs: words[0]?.startMs ?? finals[0]?.startMs ?? 0,
      endMs: words.at(-1)?.endMs ?? finals.at(-1)?.endMs ?? 0,
      reason,
    });
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
