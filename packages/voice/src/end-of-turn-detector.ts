import type { SttStreamPart, SttWord } from '@bot-backend/interfaces';
import { endsWithThinking } from './backchannel.js';
import type { InterviewPhase } from './interview-phase.js';
import type { TurnSettings } from './turn-settings.js';

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
}

const trailingConjunction =
  /\b(and|but|so|because|then|or|which|that|where|when|like|with|to|the|a|of)[\s,…-]*$/i;

/** A pause inside a sentence ("and then…", "let me think") is thinking, not the end of an answer. */
export function midThought(text: string): boolean {
  const trimmed = text.trim();
  return endsWithThinking(trimmed) || trailingConjunction.test(trimmed) || /[,;:…-]$/.test(trimmed);
}

/**
 * Decides when the candidate has finished answering. The STT's own
 * end-of-turn is only a hint: the phase's silence tolerance must pass with no
 * new speech, more after a thinking phrase; in silent coding only an explicit
 * commit ends the turn.
 */
export class EndOfTurnDetector {
  private finals: Array<{ text: string; words: readonly SttWord[]; startMs: number; endMs: number }> = [];
  private partial = '';
  private lastSpeechAt = 0;
  private answerStartedAt: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private phase: InterviewPhase;
  private budgetMs: number | undefined;
  private overBudgetSignalled = false;

  constructor(
    private readonly settings: TurnSettings,
    private readonly events: EndOfTurnEvents,
    options: { phase: InterviewPhase; now?: () => number },
  ) {
    this.phase = options.phase;
    this.now = options.now ?? (() => Date.now());
  }

  private readonly now: () => number;

  /** A new question: its phase decides the tolerance, its budget the cut-in. */
  setQuestion(phase: InterviewPhase, budgetMs?: number): void {
    this.phase = phase;
    this.budgetMs = budgetMs;
    this.overBudgetSignalled = false;
    this.answerStartedAt = undefined;
  }

  /** Text heard so far in this answer (finals and the live partial). */
  get pendingText(): string {
    return [...this.finals.map((f) => f.text), this.partial].filter(Boolean).join(' ');
  }

  push(part: SttStreamPart): void {
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
        this.schedule();
        break;
      case 'end-of-turn':
        // A pause: the only polite moment to cut in on an answer over its budget.
        if (this.checkBudget()) return;
        this.schedule();
        break;
      default:
        break;
    }
  }

  /** End the turn now (the candidate pressed "done", typed an answer, or submitted code). */
  commit(): void {
    this.emit('commit');
  }

  dispose(): void {
    this.clearTimer();
  }

  private heardSpeech(): void {
    this.lastSpeechAt = this.now();
    this.answerStartedAt ??= this.lastSpeechAt;
    this.clearTimer();
  }

  private schedule(): void {
    this.clearTimer();
    const silenceMs = this.settings.phases[this.phase]?.endOfTurnSilenceMs;
    if (silenceMs == null || this.finals.length === 0 || this.partial) return;
    const grace = midThought(this.pendingText) ? (this.settings.phases[this.phase]?.thinkingGraceMs ?? 0) : 0;
    const wait = Math.max(0, this.lastSpeechAt + silenceMs + grace - this.now());
    this.timer = setTimeout(() => this.emit('silence'), wait);
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
    const finals = this.finals;
    const partial = this.partial.trim();
    this.finals = [];
    this.partial = '';
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
