/**
 * How text goes out on Deepgram's speak websocket: no Speak message over
 * 2,000 characters, and a Flush budget of 20 per 60 seconds, past which
 * Deepgram only warns and does not flush (developers.deepgram.com/docs/tts-ws-flush).
 */

/**
 * Splits text into pieces of at most `limit` characters (code points), at the
 * last sentence end in range, else the last space, else hard. Joined, the
 * pieces are the text again.
 */
export function splitSpeakText(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = [...text];
  while (rest.length > limit) {
    const window = rest.slice(0, limit).join('');
    const sentence = /^[\s\S]*[.!?…。！？]["'”’)\]]*\s/u.exec(window)?.[0];
    const word = /^[\s\S]*\s/u.exec(window)?.[0];
    const cut = sentence ?? word ?? window;
    const size = [...cut].length;
    pieces.push(rest.slice(0, size).join(''));
    rest = rest.slice(size);
  }
  if (rest.length > 0) pieces.push(rest.join(''));
  return pieces;
}

/** Flushes sent in the last window; how many are left and when the next frees up. */
export class FlushBudget {
  readonly #sent: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  available(): number {
    this.#forget();
    return this.limit - this.#sent.length;
  }

  take(): void {
    this.#forget();
    this.#sent.push(this.now());
  }

  /** Deepgram said the budget is spent (a Warning): count it as spent for a whole window. */
  spend(): void {
    const at = this.now();
    while (this.#sent.length < this.limit) this.#sent.push(at);
  }

  /** Milliseconds until one more flush is allowed (0 when one is). */
  msUntilFree(): number {
    this.#forget();
    if (this.#sent.length < this.limit) return 0;
    return Math.max(0, (this.#sent[0] ?? 0) + this.windowMs - this.now());
  }

  #forget(): void {
    const now = this.now();
    while (this.#sent.length > 0 && now - (this.#sent[0] ?? 0) >= this.windowMs) this.#sent.shift();
  }
}
