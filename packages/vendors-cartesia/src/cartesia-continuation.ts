import { endsSentence } from '@bot-backend/vendor-kit';

/**
 * The rules a stream of transcripts on one Cartesia context must follow
 * (docs.cartesia.ai/use-the-api/tts-websocket/contexts):
 * - transcripts are concatenated verbatim, so each piece carries its own spaces;
 * - a context expires one second after its last audio went out, and input on an
 *   expired context is not accepted.
 */

/** Languages written without spaces between words: no space is added between their sentences. */
const UNSPACED_LANGUAGES = new Set(['ja', 'zh', 'th']);

/**
 * How long after the last audio we still trust the context to be alive. Below
 * Cartesia's one second: the audio left their server before it reached us.
 */
export const CONTEXT_IDLE_LIMIT_MS = 700;

export class CartesiaContinuation {
  #previous = '';
  #lastAudioAt: number | undefined;
  /** Flushes sent whose `flush_done` has not come back yet. */
  #flushesPending = 0;
  /** Text went out after the last flush: Cartesia may still be holding it. */
  #textSinceFlush = false;

  constructor(
    private readonly language: string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The transcript to send for this piece of text. A sentence that follows a
   * finished one without whitespace on either side gets a leading space, as
   * Cartesia joins pieces exactly as sent ("today." + "Let" → "today.Let");
   * tokens inside a sentence ("Hel" + "lo") are left as they are.
   */
  next(text: string): string {
    const previous = this.#previous;
    if (text !== '') this.#previous = text;
    this.#textSinceFlush = true;
    const primary = this.language?.toLowerCase().split(/[-_]/)[0];
    const spaced = primary === undefined || !UNSPACED_LANGUAGES.has(primary);
    const needsSpace = spaced && endsSentence(previous) && !/\s$/.test(previous) && /^\S/.test(text);
    return needsSpace ? ` ${text}` : text;
  }

  /** A flush went out after the text so far. */
  flushSent(): void {
    this.#flushesPending += 1;
    this.#textSinceFlush = false;
  }

  /** Audio arrived for the current context. */
  audio(): void {
    this.#lastAudioAt = this.now();
  }

  /** A `flush_done`: the text before that flush is spoken. */
  flushed(): void {
    this.#lastAudioAt = this.now();
    this.#flushesPending = Math.max(0, this.#flushesPending - 1);
  }

  /** All text sent so far has been spoken: from now on Cartesia's expiry clock runs. */
  idle(): boolean {
    return this.#lastAudioAt !== undefined && this.#flushesPending === 0 && !this.#textSinceFlush;
  }

  /**
   * True when all text sent so far has been spoken and the last audio is old
   * enough that Cartesia may have expired the context: new text then needs a new context.
   */
  expired(): boolean {
    return this.idle() && this.now() - (this.#lastAudioAt as number) > CONTEXT_IDLE_LIMIT_MS;
  }

  /** A new context starts: it has produced no audio yet. */
  restart(): void {
    this.#lastAudioAt = undefined;
    this.#flushesPending = 0;
    this.#textSinceFlush = false;
  }
}
