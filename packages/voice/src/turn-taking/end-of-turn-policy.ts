import type { SttStreamPart } from '@bot-backend/interfaces';
import type { PhaseTurnSettings } from '../turn-settings.js';
import { type Completeness, scoreCompleteness } from './completeness-score.js';
import {
  decideEndOfTurn,
  defaultEndOfTurnPolicySettings,
  type EndOfTurnDecision,
  type EndOfTurnPolicySettings,
} from './end-of-turn-wait.js';

export interface EndOfTurnPolicyOptions {
  /** The clock the silence is measured on, ms. */
  now: () => number;
  settings?: EndOfTurnPolicySettings | undefined;
  /** BCP-47 tag of the candidate's speech; the completeness score knows English only. */
  language?: string | undefined;
  /**
   * The STT sends end-of-turn parts (`stt.capabilities.endOfTurn`; default true, the safe side): the
   * short wait then starts only at the vendor's end-of-turn. See EndOfTurnInput.vendorSignalsEnd.
   */
  vendorSignalsEnd?: boolean | undefined;
}

/**
 * Follows one candidate turn through the STT's parts and says, after each
 * part or when asked, whether it is over. It holds no timer: the caller sets
 * one for `remainingMs` of a `wait` and calls `decide()` when it fires (or
 * sooner); any speech in between makes the next decision a new one.
 */
export class EndOfTurnPolicy {
  private readonly now: () => number;
  private readonly settings: EndOfTurnPolicySettings;
  private readonly language: string | undefined;
  private readonly vendorSignalsEnd: boolean;
  private budget: PhaseTurnSettings = { endOfTurnSilenceMs: 1_000, thinkingGraceMs: 4_000 };
  private question: string | undefined;
  private finals: string[] = [];
  private partial = '';
  private lastSpeechAt: number | undefined;
  private vendorEnd: { confidence?: number | undefined } | undefined;
  private cached: { text: string; completeness: Completeness } | undefined;

  constructor(options: EndOfTurnPolicyOptions) {
    this.now = options.now;
    this.settings = options.settings ?? defaultEndOfTurnPolicySettings;
    this.language = options.language;
    this.vendorSignalsEnd = options.vendorSignalsEnd ?? true;
  }

  /** A new question: its phase's silence budget is the ceiling; its text tells an open question from a yes/no one. */
  setQuestion(budget: PhaseTurnSettings, question?: string): void {
    this.budget = budget;
    this.question = question;
    this.cached = undefined;
  }

  /** The final transcript of this turn so far. */
  get text(): string {
    return this.finals.join(' ');
  }

  /** Silence since the candidate's last words, ms; undefined before any. */
  get silenceMs(): number | undefined {
    return this.lastSpeechAt === undefined ? undefined : Math.max(0, this.now() - this.lastSpeechAt);
  }

  /** Takes one STT part and returns the decision after it. */
  push(part: SttStreamPart): EndOfTurnDecision {
    switch (part.type) {
      case 'speech-start':
        this.heardSpeech();
        break;
      case 'transcript-partial': {
        const text = part.text.trim();
        // An interim repeated word for word is the STT re-sending, not new speech.
        if (text && text !== this.partial) this.heardSpeech();
        this.partial = text;
        break;
      }
      case 'transcript-final': {
        const text = part.text.trim();
        this.partial = '';
        if (text) {
          this.finals.push(text);
          this.heardSpeech();
        }
        break;
      }
      case 'end-of-turn':
        this.vendorEnd = { confidence: part.confidence };
        break;
      default:
        break;
    }
    return this.decide();
  }

  /** The decision now, on the injected clock. */
  decide(): EndOfTurnDecision {
    const completeness = this.completeness();
    // Words still being recognised: the STT has not finished this stretch of speech.
    if (this.partial || this.lastSpeechAt === undefined) return { type: 'hold', completeness };
    return decideEndOfTurn(
      {
        completeness,
        silenceMs: this.now() - this.lastSpeechAt,
        budget: this.budget,
        vendorEndOfTurn: this.vendorEnd,
        vendorSignalsEnd: this.vendorSignalsEnd,
      },
      this.settings,
    );
  }

  /** The turn that ended with `text` goes on: its words come first again, the silence counts from now. */
  reopen(text: string): void {
    this.finals.unshift(text);
    this.heardSpeech();
  }

  /** The turn ended (by this policy, a commit or a cut-in): start the next one empty. */
  reset(): void {
    this.finals = [];
    this.partial = '';
    this.lastSpeechAt = undefined;
    this.vendorEnd = undefined;
    this.cached = undefined;
  }

  private completeness(): Completeness {
    const text = this.text;
    if (this.cached?.text !== text) {
      this.cached = {
        text,
        completeness: scoreCompleteness(text, { question: this.question, language: this.language }),
      };
    }
    return this.cached.completeness;
  }

  private heardSpeech(): void {
    this.lastSpeechAt = this.now();
    this.vendorEnd = undefined;
  }
}
