import type { SentenceChunker } from './sentence-chunker.js';

/**
 * What goes to TTS, in order: a sentence to speak, or, for the first sentence
 * of a reply, a guess and its verdict. `speculate`: synthesize this now, play
 * nothing of it yet. `confirm`: it is the sentence, kept by the filter: play it
 * (it is not sent again). `refute`: it is not: drop its audio; what it was part
 * of comes again as sentences.
 */
export type SpokenLine = string | { kind: 'speculate' | 'confirm' | 'refute'; text: string };

// A reply whose guesses keep failing (a stream cut mid-number, character by character) stops guessing.
const MAX_GUESSES = 2;

/**
 * The LLM's deltas cut into sentences for TTS, with the first sentence offered
 * one delta early. The chunker decides a sentence's end only once the next
 * delta shows what follows its stop (one token: 3.6 ms at 275 tokens/s, 10 ms
 * or more at a hosted model's usual pace), and the first sentence's TTS request
 * is on the path to the candidate's first audio. So the first sentence goes to
 * TTS as soon as its stop arrives, and its audio waits for the next delta's
 * verdict, which comes long before the TTS's first byte (about 190 ms).
 *
 * The reply's sentence filter is asked once per sentence in order, as without
 * guessing: a guessed sentence is asked when it is confirmed.
 */
export class SpeculativeSentences {
  #guess: string | undefined;
  #kept = false;
  #guesses = 0;

  constructor(
    private readonly chunker: SentenceChunker,
    private readonly filter: {
      /** The reply's sentence filter: asked once per sentence, in order. */
      keep: (sentence: string) => boolean;
      /**
       * Whether a sentence may be guessed: the filter's answer without its memory (what it drops
       * never goes to TTS), and false throughout where guessing gains nothing (a TTS that takes
       * one whole sentence per request).
       */
      mayGuess: (sentence: string) => boolean;
    },
  ) {}

  /** Add a delta; returns what it settled. */
  push(delta: string): SpokenLine[] {
    return this.#settle(this.chunker.push(delta), false);
  }

  /** The reply ended: the rest, and the verdict on a guess still open. */
  flush(): SpokenLine[] {
    return this.#settle(this.chunker.flush(), true);
  }

  #settle(sentences: string[], last: boolean): SpokenLine[] {
    const out: SpokenLine[] = [];
    let rest = sentences;
    const guess = this.#guess;
    if (guess !== undefined) {
      if (sentences[0] === guess) {
        this.#guess = undefined;
        rest = sentences.slice(1);
        out.push({ kind: this.#take(guess) ? 'confirm' : 'refute', text: guess });
      } else if (sentences.length > 0 || last || this.chunker.tentative() !== guess) {
        // The stop did not end it ("3." then "14"), or the reply ended otherwise.
        this.#guess = undefined;
        out.push({ kind: 'refute', text: guess });
      }
    }
    for (const sentence of rest) if (this.#take(sentence)) out.push(sentence);
    if (!last && !this.#kept && this.#guess === undefined && this.#guesses < MAX_GUESSES) {
      const next = this.chunker.tentative();
      if (next !== undefined && this.filter.mayGuess(next)) {
        this.#guess = next;
        this.#guesses += 1;
        out.push({ kind: 'speculate', text: next });
      }
    }
    return out;
  }

  #take(sentence: string): boolean {
    if (!this.filter.keep(sentence)) return false;
    this.#kept = true;
    return true;
  }
}
