import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { VendorError } from '@bot-backend/interfaces';
import { SentencePacedTtsSession } from '@bot-backend/vendor-kit';
import { CartesiaContinuation } from './cartesia-continuation.js';
import {
  CARTESIA_VENDOR,
  cartesiaErrorToVendorError,
  cartesiaWsErrorToVendorError,
} from './cartesia-errors.js';
import { cartesiaWsMessageSchema } from './cartesia-options.js';
import {
  type CartesiaClient,
  type CartesiaTtsWebsocket,
  type CartesiaTtsWebsocketContext,
  cartesiaTtsWs,
} from './cartesia-sdk.js';
import type { CartesiaGenerationFields } from './cartesia-tts.js';
import { cartesiaWebsocketOptions } from './cartesia-websocket-connection.js';

const WS_OPEN = 1;

export interface CartesiaTtsSessionConfig {
  client: CartesiaClient;
  baseURL: string;
  headers: Record<string, string> | undefined;
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
  /** Every context this session opened; errors for any of them are handled through receive(). */
  readonly #contextIds = new Set<string>([this.#contextId]);
  readonly #session: CartesiaTtsSessionConfig;
  readonly #sockets: Socket[] = [];
  #ws: CartesiaTtsWebsocket | undefined;
  #context: CartesiaTtsWebsocketContext | undefined;
  readonly #continuation: CartesiaContinuation;
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
    const ws = new cartesiaTtsWs.TTSWS(
      this.#session.client,
      cartesiaWebsocketOptions(
        this.#session.baseURL,
        (socket) => this.#sockets.push(socket),
        this.#session.headers,
      ),
    );
    this.#ws = ws;
    // Bound before the handshake: without a listener the SDK turns a failed handshake into an
    // unhandled rejection. Errors for our context also arrive through receive(); this catches the rest.
    ws.on('error', (error) => {
      const event = error.error;
      if (event?.context_id && this.#contextIds.has(event.context_id)) return;
      this.fail(event ? cartesiaWsErrorToVendorError(event) : cartesiaErrorToVendorError(error));
    });
    ws.socket.addEventListener('close', () => {
      this.fail(cartesiaErrorToVendorError(new Error('the websocket closed before the audio was done')));
    });
    await ws.connect();
    if (this.done) {
      ws.close();
      return;
    }
    this.#context = this.#openContext(ws);
    void this.#receive(this.#context);
  }

  protected async sendText(text: string, sentenceEnd: boolean): Promise<void> {
    const current = this.#openedContext();
    if (!current) return;
    const context = this.#continuation.expired() ? this.#reopen() : current;
    const shared = this.#sharedFields();
    await context.send({ ...shared, transcript: this.#continuation.next(text), continue: true });
    // At a sentence end, a flush, as its own message (SDK tts/ws.ts flush()): Cartesia speaks what
    // it holds now, and its flush_done says the text is spoken. Tokens inside a sentence wait.
    if (!sentenceEnd) return;
    await context.send({ ...shared, transcript: '', continue: true, flush: true });
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
    await context.send({ ...this.#sharedFields(), transcript: '', continue: false });
  }

  /** Release everything; when `cancel`, tell Cartesia to stop generating first. */
  protected async teardown(cancel: boolean): Promise<void> {
    this.#stop();
    const ws = this.#ws;
    if (ws && cancel && this.#context && ws.socket.readyState === WS_OPEN) {
      // Only on an open socket: on a closed one the SDK would reconnect to send it.
      await this.#context.cancel();
    }
    ws?.close();
    // A handshake still in progress (a stalled server): make sure its socket is gone too.
    if (!ws || ws.socket.readyState !== WS_OPEN) for (const socket of this.#sockets) socket.destroy();
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
    this.#contextId = randomUUID();
    this.#contextIds.add(this.#contextId);
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

  /** Returns true when the context is over. */
  #handle(event: unknown): boolean {
    const message = cartesiaWsMessageSchema.safeParse(event);
    if (!message.success) return false;
    const { type } = message.data;
    if (type === 'chunk') {
      this.#continuation.audio();
      if (message.data.data) this.audio(Buffer.from(message.data.data, 'base64'));
      return false;
    }
    if (type === 'error') {
      this.fail(cartesiaWsErrorToVendorError(message.data));
      return true;
    }
    if (type === 'flush_done') {
      this.#continuation.flushed();
      return false;
    }
    if (type === 'done') {
      this.finish();
      return true;
    }
    // timestamps: nothing to yield.
    return false;
  }
}
