import { randomUUID } from 'node:crypto';
import { type VendorError, withFields } from '@bot-backend/interfaces';
import { SentencePacedTtsSession } from '@bot-backend/vendor-kit';
import { CartesiaContinuation } from './cartesia-continuation.js';
import {
  CARTESIA_VENDOR,
  cartesiaErrorToVendorError,
  cartesiaWsErrorToVendorError,
} from './cartesia-errors.js';
import { cartesiaWsMessageSchema } from './cartesia-options.js';
import type { CartesiaTtsWebsocket, CartesiaTtsWebsocketContext } from './cartesia-sdk.js';
import type { CartesiaConnection, CartesiaSocketPool } from './cartesia-socket-pool.js';
import type { CartesiaGenerationFields } from './cartesia-tts.js';

const WS_OPEN = 1;

export interface CartesiaTtsSessionConfig {
  /** Where the websocket comes from (a connection a finished session handed back, or a new one). */
  pool: CartesiaSocketPool;
  /** The request fields, or the VendorError saying why the caller's options were refused. */
  fields: CartesiaGenerationFields | VendorError;
  maxBufferDelayMs: number | undefined;
  sampleRate: number;
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
}

/**
 * One websocket and one context per session, on the shared sentence-paced
 * session: every pushText() goes out as a `continue: true` transcript on the
 * same context_id (with its own leading space, and a flush at each sentence end
 * so we know when it is spoken), end() sends the final `continue: false`,
 * close() cancels the context and closes the socket. Every message carries the
 * same fields, generation_config included, as Cartesia requires. When the text
 * pauses long enough for Cartesia to expire the context (one second after its
 * last audio), the next text opens a new one.
 */
export class CartesiaTtsSession extends SentencePacedTtsSession {
  #contextId = randomUUID();
  readonly #session: CartesiaTtsSessionConfig;
  #connection: CartesiaConnection | undefined;
  #ws: CartesiaTtsWebsocket | undefined;
  /** Cartesia said `done` for our context: the connection is clean for another session. */
  #contextDone = false;
  /** Whether any message went out on the context: until then it does not exist at Cartesia. */
  #sent = false;
  /** Removes this session's listeners from the connection (which may serve another session next). */
  #unbind: () => void = () => {};
  #context: CartesiaTtsWebsocketContext | undefined;
  readonly #continuation: CartesiaContinuation;
  /**
   * What went out on an idle context (all earlier text spoken) until its audio
   * came: the messages to send again on a fresh context if Cartesia answers
   * them with an error, having expired the context by its clock while ours,
   * read late by a busy event loop, said it was alive.
   */
  #sinceIdle: CartesiaContextInput[] | undefined;
  #stop: () => void = () => {};
  readonly #stopped = new Promise<'stopped'>((resolve) => {
    this.#stop = () => resolve('stopped');
  });

  constructor(config: CartesiaTtsSessionConfig) {
    const fields = config.fields;
    const valid = !(fields instanceof Error);
    super({
      vendor: CARTESIA_VENDOR,
      sampleRate: config.sampleRate,
      // An invalid rate is reported as a bad_request part below; the converter then never runs.
      vendorRate: valid ? fields.output_format.sample_rate : config.sampleRate,
      signal: config.signal,
      firstAudioTimeoutMs: config.timeoutMs,
      toError: cartesiaErrorToVendorError,
    });
    this.#session = config;
    this.#continuation = new CartesiaContinuation(valid ? (fields.language ?? undefined) : undefined);
    if (!valid) this.fail(fields);
    else this.start();
  }

  /** The context in use now (a new one after Cartesia expired the previous). */
  get contextId(): string {
    return this.#contextId;
  }

  get #fields(): CartesiaGenerationFields {
    return this.#session.fields as CartesiaGenerationFields;
  }

  protected async connect(): Promise<void> {
    const { connection, reused } = this.#session.pool.take();
    this.#connection = connection;
    const ws = connection.ws;
    this.#ws = ws;
    // Errors for our contexts arrive through receive(); another context's (an earlier session's
    // on this connection) are not ours; the rest (a failed handshake, a dropped socket) are.
    const onError: Parameters<typeof ws.on<'error'>>[1] = (error) => {
      const event = error.error;
      if (event?.context_id) return;
      this.fail(event ? cartesiaWsErrorToVendorError(event) : cartesiaErrorToVendorError(error));
    };
    ws.on('error', onError);
    ws.socket.addEventListener('close', this.#onClose);
    this.#unbind = () => {
      ws.off('error', onError);
      ws.socket.removeEventListener('close', this.#onClose);
    };
    if (!reused) await ws.connect();
    if (this.done) return;
    this.#context = this.#openContext(ws);
    void this.#receive(this.#context);
  }

  readonly #onClose = () => {
    this.fail(cartesiaErrorToVendorError(new Error('the websocket closed before the audio was done')));
  };

  protected async sendText(text: string, sentenceEnd: boolean): Promise<void> {
    const current = this.#openedContext();
    if (!current) return;
    const context = this.#continuation.expired() ? this.#reopen() : current;
    this.#noteIfIdle();
    const shared = this.#sharedFields();
    this.#sent = true;
    const input: CartesiaContextInput = { transcript: this.#continuation.next(text), continue: true };
    this.#sinceIdle?.push(input);
    await context.send(withFields(shared, input));
    // At a sentence end, a flush, as its own message (SDK tts/ws.ts flush()): Cartesia speaks what
    // it holds now, and its flush_done says the text is spoken. Tokens inside a sentence wait.
    if (!sentenceEnd) return;
    const flush: CartesiaContextInput = { transcript: '', continue: true, flush: true };
    this.#sinceIdle?.push(flush);
    await context.send(withFields(shared, flush));
    this.#continuation.flushSent();
  }

  protected async sendEnd(): Promise<void> {
    const context = this.#openedContext();
    if (!context) return;
    // Everything was spoken and Cartesia has let the context go: nothing is left to wait for.
    if (this.#continuation.expired()) {
      this.finish();
      return;
    }
    this.#noteIfIdle();
    this.#sent = true;
    const end: CartesiaContextInput = { transcript: '', continue: false };
    this.#sinceIdle?.push(end);
    await context.send(withFields(this.#sharedFields(), end));
  }

  /** The context is idle, so Cartesia may have let it go: keep what goes out until its audio comes. */
  #noteIfIdle(): void {
    if (this.#sinceIdle === undefined && this.#continuation.idle()) this.#sinceIdle = [];
  }

  /**
   * Cartesia refused input sent on an idle context: it had expired it. The
   * same input goes once more on a fresh context (an error there is final:
   * nothing is kept for it); with no text among it, everything was spoken and
   * the turn is done.
   */
  #resendOnFreshContext(inputs: CartesiaContextInput[]): void {
    this.#sinceIdle = undefined;
    if (!inputs.some((input) => input.transcript !== '')) {
      this.finish();
      return;
    }
    // On a closed socket the SDK would reconnect to send; the close already ends the session.
    if (!this.#openedContext()) return;
    const context = this.#reopen();
    const shared = this.#sharedFields();
    // Sent in one go, in order, before any later text can go to the new context.
    const sends = inputs.map((input) => {
      if (input.flush) this.#continuation.flushSent();
      else if (input.transcript !== '') this.#continuation.next(input.transcript);
      return context.send(withFields(shared, input));
    });
    Promise.all(sends).catch((error: unknown) => this.fail(cartesiaErrorToVendorError(error)));
  }

  /**
   * Release everything; when `cancel`, tell Cartesia to stop generating first.
   * A connection nothing is generating on (its context done, or never sent to) goes back to the pool.
   */
  protected async teardown(cancel: boolean): Promise<void> {
    this.#stop();
    const connection = this.#connection;
    const ws = this.#ws;
    if (!connection || !ws) return;
    this.#unbind();
    const open = ws.socket.readyState === WS_OPEN;
    // Done cleanly, or closed before a word was sent (a line prepared in case it was needed and not
    // used): nothing is generating on the connection, and the next reply can use it.
    if (open && (this.#contextDone || !this.#sent)) {
      this.#session.pool.give(connection);
      return;
    }
    if (cancel && this.#context && open) {
      // Only on an open socket: on a closed one the SDK would reconnect to send it.
      await this.#context.cancel();
    }
    ws.close();
    // A handshake still in progress (a stalled server): make sure its socket is gone too.
    if (!open) for (const socket of connection.sockets) socket.destroy();
  }

  /** The context, while the socket is open; once failed or closed, nothing is sent (the SDK would reconnect). */
  #openedContext(): CartesiaTtsWebsocketContext | undefined {
    return this.#ws?.socket.readyState === WS_OPEN ? this.#context : undefined;
  }

  #openContext(ws: CartesiaTtsWebsocket): CartesiaTtsWebsocketContext {
    const fields = this.#fields;
    return ws.context({
      contextId: this.#contextId,
      model_id: fields.model_id,
      voice: fields.voice,
      output_format: fields.output_format,
      // The SDK's language list is narrower than the API's; the API decides.
      ...(fields.language ? { language: fields.language } : {}),
      ...(this.#session.maxBufferDelayMs !== undefined
        ? { max_buffer_delay_ms: this.#session.maxBufferDelayMs }
        : {}),
    });
  }

  /** A fresh context after Cartesia expired ours; the old one's reader stops by itself. */
  #reopen(): CartesiaTtsWebsocketContext {
    this.#sinceIdle = undefined;
    this.#contextId = randomUUID();
    this.#continuation.restart();
    const context = this.#openContext(this.#ws as CartesiaTtsWebsocket);
    this.#context = context;
    void this.#receive(context);
    return context;
  }

  /** The fields every message on a context repeats besides the SDK's own (model, voice, format, language). */
  #sharedFields(): { generation_config?: CartesiaGenerationFields['generation_config'] } {
    const config = this.#fields.generation_config;
    return config ? { generation_config: config } : {};
  }

  async #receive(context: CartesiaTtsWebsocketContext): Promise<void> {
    const events = context.receive()[Symbol.asyncIterator]();
    try {
      while (true) {
        const pending = events.next();
        // Still pending when we stop (a dropped socket never ends receive()); never let it reject unheard.
        pending.catch(() => {});
        const next = await Promise.race([pending, this.#stopped]);
        if (next === 'stopped' || next.done || this.done) return;
        // A context we replaced after it expired: its reader is done.
        if (context.contextId !== this.#contextId) return;
        if (this.#handle(next.value)) return;
      }
    } catch (error) {
      this.fail(cartesiaErrorToVendorError(error));
    }
  }

  /** Audio for the current context: it is alive, and nothing sent on it needs sending again. */
  #audioCame(): void {
    this.#sinceIdle = undefined;
    this.#continuation.audio();
  }

  /** Returns true when the context is over. */
  #handle(event: unknown): boolean {
    // Audio chunks, nearly every message: a shape check, and the bytes the SDK already decoded
    // from `data` (internal/lib/tts/ws.js sets `audio` on every chunk); zod for the rest.
    const chunk = audioChunk(event);
    if (chunk) {
      this.#audioCame();
      if (chunk.length > 0) this.audio(chunk);
      return false;
    }
    const message = cartesiaWsMessageSchema.safeParse(event);
    if (!message.success) return false;
    const { type } = message.data;
    if (type === 'chunk') {
      this.#audioCame();
      if (message.data.data) this.audio(Buffer.from(message.data.data, 'base64'));
      return false;
    }
    if (type === 'error') {
      const inputs = this.#sinceIdle;
      if (inputs) this.#resendOnFreshContext(inputs);
      else this.fail(cartesiaWsErrorToVendorError(message.data));
      return true;
    }
    if (type === 'flush_done') {
      this.#sinceIdle = undefined;
      this.#continuation.flushed();
      return false;
    }
    if (type === 'done') {
      this.#contextDone = true;
      this.finish();
      return true;
    }
    // timestamps: nothing to yield.
    return false;
  }
}

/** One message's own part on a context (the fields every message repeats are added when sent). */
interface CartesiaContextInput {
  transcript: string;
  continue: boolean;
  flush?: true;
}

/** The audio of a `chunk` message as the SDK hands it (`data` decoded into `audio`); undefined for anything else. */
function audioChunk(event: unknown): Uint8Array | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const { type, audio } = event as { type?: unknown; audio?: unknown };
  return type === 'chunk' && audio instanceof Uint8Array ? audio : undefined;
}
