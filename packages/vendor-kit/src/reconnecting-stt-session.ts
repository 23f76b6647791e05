import { Pcm16Resampler } from '@bot-backend/audio';
import {
  type AudioFrame,
  type SttSession,
  type SttStreamPart,
  type SttWord,
  VendorError,
} from '@bot-backend/interfaces';
import { stopError } from './call-control.js';
import { PartQueue } from './part-queue.js';
import { type QuietBatching, QuietRun } from './quiet-batching.js';
import { RetainedAudio } from './retained-audio.js';
import { type SpeechBatching, SpeechRun } from './speech-batching.js';

/** One vendor connection of a session. Times on it start at `offsetSample`. */
export interface SttConnection {
  /** Global sample index where this connection's audio (its t = 0) starts. */
  readonly offsetSample: number;
  /** `offsetSample` in ms: add it to the vendor's connection-relative times. */
  readonly offsetMs: number;
  /** Global sample index up to which audio went out on this connection. */
  sentUntil: number;
  open: boolean;
  /** Its close was handled (or the session ended): later events from it are ignored. */
  gone: boolean;
}

export interface TranscriptFields {
  text: string;
  words: readonly SttWord[];
  confidence: number | undefined;
  /** Session times, ms (the connection's offset already added). */
  startMs: number;
  endMs: number;
}

export interface ReconnectingSttConfig {
  vendor: string;
  /** The rate the vendor connection is opened at; frames at another rate are resampled to it. */
  sampleRate: number;
  signal?: AbortSignal | undefined;
  interimResults: boolean;
  /** Reconnects of a dropped socket before the session fails (the count resets once the vendor answers). */
  maxReconnects: number;
  /** First reconnect delay; it doubles per attempt. */
  reconnectDelayMs: number;
  /** How long close() waits for the vendor's last results before it ends the session anyway. */
  closeTimeoutMs: number;
  /** Send audio in messages of this length; a shorter tail waits unless flushed. Default: as pushed. */
  chunkMs?: number | undefined;
  /** A flushed tail shorter than this is padded with silence (vendors that refuse short messages). */
  minChunkMs?: number | undefined;
  /** Long quiet goes out in larger messages (quiet-batching.ts); unset: every frame as pushed. */
  quietBatching?: QuietBatching | undefined;
  /** Loud speech goes out in messages of a few frames (speech-batching.ts); unset: every frame as pushed. */
  speechBatching?: SpeechBatching | undefined;
  /** When set, `sendKeepAlive` runs after this long without anything sent. */
  keepAliveIntervalMs?: number | undefined;
  onWarning?: ((message: string) => void) | undefined;
}

/** How long audio held for a larger message waits for the next frame before it goes alone. */
const HELD_AUDIO_MAX_WAIT_MS = 40;

/**
 * The frame every streaming STT vendor shares: audio retained until a final
 * covers it, reconnect with backoff after a retryable drop, replay of the
 * uncovered audio on the new connection with its times shifted (so times stay
 * monotonic and no final is lost or repeated), release on final, finish/error
 * ending the stream. A vendor subclass supplies the wire: open, send, close,
 * and turns its messages into calls of the protected `emit*` methods.
 *
 * A frame at another rate than the session's is resampled (packages/audio),
 * not dropped: the connection's rate is fixed when it opens, and a source that
 * switches rate mid-session (a headset reconnecting, a resampling sink) would
 * otherwise lose the candidate's words without a trace. It costs CPU only for
 * those frames, and a warning says it happened.
 */
export abstract class ReconnectingSttSession<S> implements SttSession {
  protected readonly config: ReconnectingSttConfig;
  readonly #parts = new PartQueue<SttStreamPart>();
  readonly #audio = new RetainedAudio();
  readonly #resamplers = new Map<number, Pcm16Resampler>();
  readonly #quiet: QuietRun | undefined;
  readonly #speech: SpeechRun | undefined;
  /** A frame quiet by the quiet run's measure cannot be loud (the usual thresholds): one scan of it is enough. */
  readonly #quietIsNotLoud: boolean;
  /** The most audio that may wait for a later frame (samples); what waited goes out with that frame. */
  readonly #heldAtMost: number;
  #conn: (SttConnection & { socket?: S }) | undefined;
  #ended = false;
  #closeRequested = false;
  #finalizePending = false;
  #turnText: string[] = [];
  #lastFinalEndMs = -1;
  #reconnects = 0;
  #lastSentAt = Date.now();
  #timers = new Set<NodeJS.Timeout>();
  #keepAlive: NodeJS.Timeout | undefined;
  /** Sends audio held for a next frame that did not come (a microphone that stopped mid-word). */
  #heldFlush: NodeJS.Timeout | undefined;
  #resolveDone: () => void = () => {};
  readonly #done = new Promise<void>((resolve) => {
    this.#resolveDone = resolve;
  });
  readonly #onAbort = () => this.fail(stopError(this.config.vendor, 'cancelled'));

  protected constructor(config: ReconnectingSttConfig) {
    this.config = config;
    this.#quiet = config.quietBatching && new QuietRun(config.quietBatching, config.sampleRate);
    this.#speech = config.speechBatching && new SpeechRun(config.speechBatching, config.sampleRate);
    this.#quietIsNotLoud = (this.#quiet?.peak ?? 0) <= (this.#speech?.peak ?? 0);
    this.#heldAtMost = Math.max(this.#quiet?.chunkSamples ?? 0, this.#speech?.chunkSamples ?? 0);
  }

  /** Call last in the subclass constructor: connects, or fails at once on an aborted signal. */
  protected start(): void {
    if (this.config.signal?.aborted) {
      this.#onAbort();
      return;
    }
    this.config.signal?.addEventListener('abort', this.#onAbort, { once: true });
    void this.#connect();
  }

  // ---- the wire, per vendor ---------------------------------------------------------

  /** Opens a connection and resolves once it takes audio; rejects with a VendorError. */
  protected abstract openSocket(conn: SttConnection): Promise<S>;
  /** Sends PCM16 samples; throws when the socket is not open. */
  protected abstract sendAudio(socket: S, samples: Int16Array): void;
  /** Asks the vendor to finalize what it holds now. */
  protected abstract sendFinalize(socket: S): void;
  /**
   * Asks the vendor to flush and end. A promise that settles once it has (the last
   * results delivered) ends the session; otherwise the vendor's 1000 close does.
   */
  protected abstract sendClose(socket: S): Promise<void> | void;
  protected abstract destroySocket(socket: S): void;
  /** A close the session did not ask for, as a VendorError (`retryable` decides a reconnect). */
  protected abstract closeError(code: number, reason: string): VendorError;
  protected sendKeepAlive(_socket: S): void {}

  // ---- the session ------------------------------------------------------------------

  [Symbol.asyncIterator](): AsyncIterator<SttStreamPart> {
    return this.#parts[Symbol.asyncIterator]();
  }

  push(frame: AudioFrame): void {
    if (this.#ended || this.#closeRequested) return;
    const samples = this.#toSessionRate(frame);
    this.#audio.push(samples);
    // The quiet run sees every frame (a loud one ends it); a frame it found quiet is not loud.
    const quietChunk = this.#quiet?.next(samples);
    let speechChunk: number | undefined;
    if (this.#quietIsNotLoud && this.#quiet?.lastQuiet) this.#speech?.heardNotLoud(samples.length);
    else speechChunk = this.#speech?.next(samples);
    const waitFor = speechChunk ?? quietChunk;
    const conn = this.#conn;
    if (!conn?.open) return;
    this.#sendRetained(conn, false, waitFor, samples.length);
    if (waitFor !== undefined && this.config.chunkMs === undefined && this.#audio.pushed > conn.sentUntil) {
      this.#flushHeldLater();
    }
  }

  /**
   * Sends what is held if no frame comes for HELD_AUDIO_MAX_WAIT_MS (each frame
   * that leaves audio held moves the deadline; a live microphone sends one every
   * 10–20 ms, so it fires only when the audio stops).
   */
  #flushHeldLater(): void {
    if (this.#heldFlush) {
      this.#heldFlush.refresh();
      return;
    }
    this.#heldFlush = setTimeout(() => {
      const conn = this.#conn;
      if (!this.#ended && conn?.open) this.#sendRetained(conn, true);
    }, HELD_AUDIO_MAX_WAIT_MS);
    this.#heldFlush.unref();
  }

  finalize(): void {
    if (this.#ended || this.#closeRequested) return;
    this.#finalizePending = true;
    const conn = this.#conn;
    if (conn?.open) {
      this.#sendRetained(conn, true);
      this.#control(conn, (socket) => this.sendFinalize(socket));
    }
  }

  close(): Promise<void> {
    if (this.#ended || this.#closeRequested) return this.#done;
    this.#closeRequested = true;
    const conn = this.#conn;
    if (conn?.open) this.#requestClose(conn);
    this.#later(() => this.#finish(), this.config.closeTimeoutMs);
    return this.#done;
  }

  // ---- what subclasses report -------------------------------------------------------

  /** A message arrived on `conn`: false when it must be ignored (an old connection, or the session ended). */
  protected heard(conn: SttConnection): boolean {
    if (conn.gone || this.#ended) return false;
    // The vendor answers: the reconnect budget is whole again.
    this.#reconnects = 0;
    return true;
  }

  /** The vendor covered audio up to `connectionMs` on `conn` with a final: it is never resent. */
  protected acknowledge(conn: SttConnection, connectionMs: number): void {
    const upTo = conn.offsetSample + Math.round((connectionMs / 1000) * this.config.sampleRate);
    this.#audio.release(Math.min(conn.sentUntil, upTo));
  }

  protected emitSpeechStart(atMs: number): void {
    this.#parts.push({ type: 'speech-start', atMs });
  }

  protected emitPartial(fields: TranscriptFields): void {
    if (this.config.interimResults && fields.text)
      this.#parts.push({ type: 'transcript-partial', ...fields });
  }

  /** A final, unless empty or a repeat (ending where an earlier one ended: re-sent audio). */
  protected emitFinal(fields: TranscriptFields): boolean {
    if (!fields.text || fields.endMs <= this.#lastFinalEndMs) return false;
    this.#lastFinalEndMs = fields.endMs;
    this.#turnText.push(fields.text);
    this.#parts.push({ type: 'transcript-final', ...fields });
    return true;
  }

  /** The vendor's end of turn: the finals since the last one make its text. Nothing when there are none. */
  protected emitEndOfTurn(atMs: number, confidence?: number | undefined): void {
    if (this.#turnText.length === 0) return;
    const text = this.#turnText.join(' ');
    this.#turnText = [];
    this.#parts.push({
      type: 'end-of-turn',
      atMs,
      text,
      ...(confidence !== undefined ? { confidence } : {}),
    });
  }

  /** The vendor answered the pending finalize: a reconnect need not send it again. */
  protected finalized(): void {
    this.#finalizePending = false;
  }

  /** The socket of `conn` closed. */
  protected socketClosed(conn: SttConnection, code: number, reason: string): void {
    if (conn.gone || !conn.open) return;
    conn.gone = true;
    conn.open = false;
    if (this.#ended) return;
    if (this.#closeRequested && code === 1000) {
      this.#finish();
      return;
    }
    const failure = this.closeError(code, reason);
    if (failure.retryable) this.#scheduleReconnect(failure);
    else this.fail(failure);
  }

  /** An error part ends the session: nothing follows it. */
  protected fail(error: VendorError): void {
    if (this.#ended) return;
    this.#parts.push({ type: 'error', error });
    this.#release();
  }

  // ---- connection ---------------------------------------------------------------------

  async #connect(): Promise<void> {
    const offsetSample = this.#audio.covered;
    const conn: SttConnection & { socket?: S } = {
      offsetSample,
      offsetMs: (offsetSample / this.config.sampleRate) * 1000,
      sentUntil: offsetSample,
      open: false,
      gone: false,
    };
    this.#conn = conn;
    try {
      conn.socket = await this.openSocket(conn);
    } catch (error) {
      conn.gone = true;
      if (this.#ended) return;
      const failure = VendorError.isInstance(error)
        ? error
        : new VendorError({
            kind: 'unavailable',
            vendor: this.config.vendor,
            message: String(error),
            cause: error,
          });
      // A first connection that fails is the caller's to retry (the factory's policy);
      // mid-session, a transient failure is retried within the reconnect budget.
      if (this.#reconnects > 0 && failure.retryable) this.#scheduleReconnect(failure);
      else this.fail(failure);
      return;
    }
    if (this.#ended || conn.gone) {
      this.destroySocket(conn.socket);
      return;
    }
    conn.open = true;
    this.#startKeepAlive();
    this.#sendRetained(conn, this.#finalizePending || this.#closeRequested);
    if (this.#finalizePending) this.#control(conn, (socket) => this.sendFinalize(socket));
    if (this.#closeRequested) this.#requestClose(conn);
  }

  #scheduleReconnect(cause: VendorError): void {
    this.#reconnects += 1;
    if (this.#reconnects > this.config.maxReconnects) {
      this.fail(cause);
      return;
    }
    this.#later(() => void this.#connect(), this.config.reconnectDelayMs * 2 ** (this.#reconnects - 1));
  }

  #requestClose(conn: SttConnection & { socket?: S }): void {
    this.#sendRetained(conn, true);
    this.#control(conn, (socket) => {
      const closing = this.sendClose(socket);
      closing?.then(
        () => {
          if (conn === this.#conn) this.#finish();
        },
        () => {},
      );
    });
  }

  // ---- sending --------------------------------------------------------------------------

  #toSessionRate(frame: AudioFrame): Int16Array {
    const rate = this.config.sampleRate;
    if (frame.sampleRate === rate) return frame.samples;
    let resampler = this.#resamplers.get(frame.sampleRate);
    if (!resampler) {
      this.config.onWarning?.(
        `${this.config.vendor}: ${frame.sampleRate} Hz frames are resampled to the session's ${rate} Hz`,
      );
      resampler = new Pcm16Resampler(frame.sampleRate, rate);
      this.#resamplers.set(frame.sampleRate, resampler);
    }
    return resampler.process(frame.samples);
  }

  /**
   * Sends retained audio `conn` has not had: in `chunkMs` messages when set, in
   * `waitFor` messages when the frame just pushed lets audio wait (long quiet,
   * loud speech), else one message per pushed frame, as the caller paced it;
   * audio that waited goes out in one message with the frame that ended the
   * wait (`lastFrame` samples).
   */
  #sendRetained(
    conn: SttConnection & { socket?: S },
    flushTail: boolean,
    waitFor?: number,
    lastFrame = 0,
  ): void {
    const { socket } = conn;
    if (socket === undefined) return;
    const rate = this.config.sampleRate;
    const chunk =
      this.config.chunkMs === undefined ? undefined : Math.round((this.config.chunkMs / 1000) * rate);
    const minSamples = Math.ceil(((this.config.minChunkMs ?? 0) / 1000) * rate);
    for (;;) {
      const remaining = this.#audio.pushed - conn.sentUntil;
      const waited = remaining - lastFrame;
      const size =
        chunk ??
        waitFor ??
        (waited > 0 && waited < this.#heldAtMost ? remaining : this.#audio.frameRest(conn.sentUntil));
      if (remaining <= 0 || size <= 0 || (remaining < size && !flushTail)) return;
      const samples = this.#audio.slice(conn.sentUntil, Math.min(size, remaining));
      if (samples.length === 0) return;
      try {
        this.sendAudio(socket, samples.length < minSamples ? padTo(samples, minSamples) : samples);
      } catch {
        return; // Not open any more: the close handler reconnects and resends.
      }
      conn.sentUntil += samples.length;
      this.#lastSentAt = Date.now();
    }
  }

  #control(conn: SttConnection & { socket?: S }, send: (socket: S) => void): void {
    if (conn.socket === undefined) return;
    try {
      send(conn.socket);
      this.#lastSentAt = Date.now();
    } catch {
      // Not open: a reconnect sends a pending finalize or close again.
    }
  }

  #startKeepAlive(): void {
    const interval = this.config.keepAliveIntervalMs;
    if (this.#keepAlive || interval === undefined) return;
    // Checked at half the interval, so the longest quiet on the wire is 1.5 intervals.
    this.#keepAlive = setInterval(
      () => {
        const conn = this.#conn;
        if (conn?.open && Date.now() - this.#lastSentAt >= interval) {
          this.#control(conn, (socket) => this.sendKeepAlive(socket));
        }
      },
      Math.max(1, Math.floor(interval / 2)),
    );
  }

  // ---- ending -----------------------------------------------------------------------------

  #finish(): void {
    if (this.#ended) return;
    // The stream ended mid-turn: the words said so far still make a turn.
    this.emitEndOfTurn(this.#lastFinalEndMs);
    this.#parts.push({ type: 'finish' });
    this.#release();
  }

  #release(): void {
    this.#ended = true;
    this.#parts.end();
    this.config.signal?.removeEventListener('abort', this.#onAbort);
    if (this.#keepAlive) clearInterval(this.#keepAlive);
    if (this.#heldFlush) clearTimeout(this.#heldFlush);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#audio.clear();
    const conn = this.#conn;
    if (conn && !conn.gone) {
      conn.gone = true;
      conn.open = false;
      if (conn.socket !== undefined) this.destroySocket(conn.socket);
    }
    this.#resolveDone();
  }

  #later(run: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#ended) run();
    }, ms);
    this.#timers.add(timer);
  }
}

function padTo(samples: Int16Array, length: number): Int16Array {
  const out = new Int16Array(length);
  out.set(samples);
  return out;
}
