import { type TtsSession, type TtsStreamPart, VendorError } from '@bot-backend/interfaces';
import { stopError } from './call-control.js';
import { PartQueue } from './part-queue.js';
import { PcmOutput } from './pcm-output.js';
import { endsSentence } from './sentence.js';

export interface SentencePacedTtsConfig {
  vendor: string;
  /** The rate the caller wants frames at. */
  sampleRate: number;
  /** The rate the vendor renders (PCM16); resampled to `sampleRate` when they differ. */
  vendorRate: number;
  signal?: AbortSignal | undefined;
  /** Fail with `timeout` when no audio came this long after the first text (default: no limit). */
  firstAudioTimeoutMs?: number | undefined;
  /** Any failure of a send, as the vendor's VendorError. */
  toError(error: unknown): VendorError;
}

/**
 * What every text-streaming TTS socket shares (Deepgram's speak websocket,
 * Cartesia's websocket contexts): text arrives piece by piece into one voice
 * context; a piece ending a sentence is sent with a flush so audio starts
 * sentence by sentence; `end()` sends the last flush and the stream ends with
 * one `finish` once the vendor says all is spoken; `close()` (barge-in) cancels
 * and drops unread audio; the caller's signal ends it with `cancelled`.
 *
 * Sends run in order, each after the connection is up, and none after the
 * session ended. The vendor subclass supplies the wire: `connect`, `sendText`
 * (with whether the piece ends a sentence), `sendEnd`, `teardown`, and reports
 * `audio(bytes)`, `finish()` and `fail(error)`. Continuation rules (Cartesia's
 * spaces, context expiry) and flush budgets (Deepgram's 20 per minute) stay in
 * the subclass: they are the vendor's, not shared.
 */
export abstract class SentencePacedTtsSession implements TtsSession {
  protected readonly config: SentencePacedTtsConfig;
  readonly #parts = new PartQueue<TtsStreamPart>(() => void this.close());
  readonly #output: PcmOutput;
  #state: 'open' | 'ending' | 'done' = 'open';
  #sending: Promise<void> = Promise.resolve();
  #characters = 0;
  #timer: NodeJS.Timeout | undefined;
  #gotAudio = false;
  readonly #onAbort = () => this.fail(stopError(this.config.vendor, 'cancelled'));

  protected constructor(config: SentencePacedTtsConfig) {
    this.config = config;
    // audio() takes a message's own bytes: at the sink's rate a frame is read in place, no copy.
    this.#output = new PcmOutput(config.vendorRate, config.sampleRate, { chunksStayUnchanged: true });
  }

  /** Call last in the subclass constructor: connects, or fails at once on an aborted signal. */
  protected start(): void {
    if (this.config.signal?.aborted) {
      this.#onAbort();
      return;
    }
    this.config.signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#enqueue(() => this.connect());
  }

  // ---- the wire, per vendor -------------------------------------------------------

  /** Opens the socket (and context); rejects when it cannot. */
  protected abstract connect(): Promise<void>;
  /** Sends one piece of text; `sentenceEnd` when it ends a sentence (flush there, if the vendor allows). */
  protected abstract sendText(text: string, sentenceEnd: boolean): Promise<void> | void;
  /** No more text: flush the rest; the vendor's "all spoken" then calls `finish()`. */
  protected abstract sendEnd(): Promise<void> | void;
  /** Release the socket; `cancel`: the vendor must stop generating first (barge-in, failure). */
  protected abstract teardown(cancel: boolean): Promise<void> | void;

  // ---- the session -----------------------------------------------------------------

  [Symbol.asyncIterator](): AsyncIterator<TtsStreamPart> {
    return this.#parts[Symbol.asyncIterator]();
  }

  pushText(text: string): void {
    if (this.#state !== 'open' || text === '') return;
    this.#characters += text.length;
    this.#startTimer();
    this.#enqueue(() => this.sendText(text, endsSentence(text)));
  }

  end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ending';
    this.#startTimer();
    this.#enqueue(() => this.sendEnd());
  }

  async close(): Promise<void> {
    if (this.#state === 'done') return;
    this.#state = 'done';
    this.#parts.abort();
    await this.#release(true);
  }

  // ---- what subclasses report --------------------------------------------------------

  /** True once end() was called (and the session is not over). */
  protected get ending(): boolean {
    return this.#state === 'ending';
  }

  /** True once the session is over: nothing more is sent or yielded. */
  protected get done(): boolean {
    return this.#state === 'done';
  }

  /** Vendor audio bytes (PCM16 LE at `vendorRate`), in order: a message's own, never written to afterwards. */
  protected audio(bytes: Uint8Array): void {
    if (this.#state === 'done') return;
    this.#gotAudio = true;
    this.#clearTimer();
    const frame = this.#output.push(bytes);
    if (frame) this.#parts.push({ type: 'audio', frame });
  }

  /** Everything is spoken: the resampler's tail, then one `finish`. */
  protected finish(): void {
    if (this.#state === 'done') return;
    this.#state = 'done';
    const tail = this.#output.flush();
    if (tail) this.#parts.push({ type: 'audio', frame: tail });
    this.#parts.push({ type: 'finish', characters: this.#characters, audioMs: this.#output.audioMs });
    this.#parts.end();
    void this.#release(false);
  }

  /** An error part ends the session: nothing follows it, and the vendor is told to stop. */
  protected fail(error: VendorError): void {
    if (this.#state === 'done') return;
    this.#state = 'done';
    this.#parts.push({ type: 'error', error });
    this.#parts.end();
    void this.#release(true);
  }

  // ---- internals -------------------------------------------------------------------------

  #enqueue(action: () => Promise<void> | void): void {
    this.#sending = this.#sending.then(async () => {
      if (this.#state === 'done') return;
      try {
        await action();
      } catch (error) {
        this.fail(VendorError.isInstance(error) ? error : this.config.toError(error));
      }
    });
  }

  async #release(cancel: boolean): Promise<void> {
    this.#clearTimer();
    this.config.signal?.removeEventListener('abort', this.#onAbort);
    await this.teardown(cancel);
  }

  #startTimer(): void {
    const timeoutMs = this.config.firstAudioTimeoutMs;
    if (this.#timer !== undefined || timeoutMs === undefined || this.#gotAudio) return;
    this.#timer = setTimeout(() => {
      this.fail(
        new VendorError({
          kind: 'timeout',
          vendor: this.config.vendor,
          message: `${this.config.vendor}: no audio within ${timeoutMs} ms`,
        }),
      );
    }, timeoutMs);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
