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
  #lastChar: string | undefined;
  #lastAudioAt: number | undefined;
  /** Pieces sent (each with a flush) whose `flush_done` has not come back yet. */
  #unflushed = 0;

  constructor(
    private readonly language: string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The transcript to send for this piece of text: a sentence that follows
   * another without whitespace on either side gets a leading space, as
   * Cartesia joins pieces exactly as sent ("today." + "Let" → "today.Let").
   */
  next(text: string): string {
    const previous = this.#lastChar;
    this.#lastChar = text.at(-1) ?? previous;
    const primary = this.language?.toLowerCase().split(/[-_]/)[0];
    const spaced = primary === undefined || !UNSPACED_LANGUAGES.has(primary);
    const needsSpace = spaced && previous !== undefined && !/\s/.test(previous) && !/^\s/.test(text);
    this.#unflushed += 1;
    return needsSpace ? ` ${text}` : text;
  }

  /** Audio arrived for the current context. */
  audio(): void {
    this.#lastAudioAt = this.now();
  }

  /** A `flush_done`: one piece is fully spoken. */
  flushed(): void {
    this.#lastAudioAt = this.now();
    this.#unflushed = Math.max(0, this.#unflushed - 1);
  }

  /**
   * True when all input so far has been spoken and the last audio is old enough
   * that Cartesia may have expired the context: new text then needs a new context.
   */
  expired(): boolean {
    return (
      this.#lastAudioAt !== undefined &&
      this.#unflushed === 0 &&
      this.now() - this.#lastAudioAt > CONTEXT_IDLE_LIMIT_MS
    );
  }

  /** A new context starts: it has produced no audio yet. */
  restart(): void {
    this.#lastAudioAt = undefined;
    this.#unflushed = 0;
  }
}
