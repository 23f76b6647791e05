import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { type TtsSession, type TtsStreamPart, VendorError } from '@bot-backend/interfaces';
import { AsyncQueue } from './async-queue.js';
import { CartesiaPcmConverter } from './cartesia-audio.js';
import { CartesiaContinuation, endsSentence } from './cartesia-continuation.js';
import {
  CARTESIA_VENDOR,
  cartesiaErrorToVendorError,
  cartesiaWsErrorToVendorError,
} from './cartesia-errors.js';
import { CARTESIA_NATIVE_SAMPLE_RATE, cartesiaWsMessageSchema } from './cartesia-options.js';
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
  /** Undefined when the caller's options were invalid (`invalid` says why). */
  fields: CartesiaGenerationFields | undefined;
  invalid: VendorError | undefined;
  maxBufferDelayMs: number | undefined;
  sampleRate: number;
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
}

/**
 * One websocket and one context per session: every pushText() goes out as a
 * `continue: true` transcript on the same context_id (with its own leading
 * space, and a flush at each sentence end so we know when it is spoken), end() sends the final
 * `continue: false`, close() cancels the context and closes the socket. Every
 * message carries the same fields, generation_config included, as Cartesia
 * requires. When the text pauses long enough for Cartesia to expire the
 * context (one second after its last audio), the next text opens a new one.
 */
export class CartesiaTtsSession implements TtsSession {
  #contextId = randomUUID();
  /** Every context this session opened; errors for any of them are handled through receive(). */
  readonly #contextIds = new Set<string>([this.#contextId]);
  readonly #config: CartesiaTtsSessionConfig;
  readonly #queue: AsyncQueue<TtsStreamPart>;
  readonly #converter: CartesiaPcmConverter;
  readonly #sockets: Socket[] = [];
  #state: 'open' | 'ending' | 'done' = 'open';
  #ws: CartesiaTtsWebsocket | undefined;
  #context: CartesiaTtsWebsocketContext | undefined;
  /** Sends run in order, each after the connection is up. */
  #sending: Promise<void>;
  #characters = 0;
  #timer: NodeJS.Timeout | undefined;
  #gotAudio = false;
  readonly #continuation: CartesiaContinuation;
  #stop: () => void = () => {};
  readonly #stopped: Promise<'stopped'>;
  readonly #onAbort = () => {
    this.#fail(
      new VendorError({
        kind: 'cancelled',
        vendor: CARTESIA_VENDOR,
        message: `${CARTESIA_VENDOR}: cancelled by the caller`,
      }),
    );
  };

  constructor(config: CartesiaTtsSessionConfig) {
    this.#config = config;
    this.#queue = new AsyncQueue<TtsStreamPart>(() => {
      void this.close();
    });
    // An invalid rate is reported as a bad_request part below; the converter then never runs.
    this.#converter = config.fields
      ? new CartesiaPcmConverter(config.fields.output_format.sample_rate, config.sampleRate)
      : new CartesiaPcmConverter(CARTESIA_NATIVE_SAMPLE_RATE, CARTESIA_NATIVE_SAMPLE_RATE);
    this.#continuation = new CartesiaContinuation(config.fields?.language ?? undefined);
    this.#stopped = new Promise((resolve) => {
      this.#stop = () => resolve('stopped');
    });
    if (config.invalid || !config.fields) {
      this.#sending = Promise.resolve();
      this.#fail(
        config.invalid ??
          new VendorError({ kind: 'bad_request', vendor: CARTESIA_VENDOR, message: 'invalid options' }),
      );
      return;
    }
    if (config.signal?.aborted) {
      this.#sending = Promise.resolve();
      this.#onAbort();
      return;
    }
    config.signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#sending = this.#connect(config.fields);
  }

  /** The context in use now (a new one after Cartesia expired the previous). */
  get contextId(): string {
    return this.#contextId;
  }

  pushText(text: string): void {
    if (this.#state !== 'open' || text === '') return;
    this.#characters += text.length;
    this.#startTimer();
    this.#send(async (current, fields) => {
      const context = this.#continuation.expired() ? this.#reopen(fields) : current;
      const shared = sharedFields(fields);
      await context.send({ ...shared, transcript: this.#continuation.next(text), continue: true });
      // At a sentence end, a flush, as its own message (SDK tts/ws.ts flush()): Cartesia speaks what
      // it holds now, and its flush_done says the text is spoken. Tokens inside a sentence wait.
      if (!endsSentence(text)) return;
      await context.send({ ...shared, transcript: '', continue: true, flush: true });
      this.#continuation.flushSent();
    });
  }

  end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ending';
    this.#startTimer();
    this.#send(async (context, fields) => {
      // Everything was spoken and Cartesia has let the context go: nothing is left to wait for.
      if (this.#continuation.expired()) {
        this.#finish();
        return;
      }
      await context.send({ ...sharedFields(fields), transcript: '', continue: false });
    });
  }

  async close(): Promise<void> {
    if (this.#state === 'done') return;
    this.#state = 'done';
    this.#queue.abort();
    await this.#teardown(true);
  }

  [Symbol.asyncIterator](): AsyncIterator<TtsStreamPart> {
    return this.#queue[Symbol.asyncIterator]();
  }

  async #connect(fields: CartesiaGenerationFields): Promise<void> {
    try {
      const ws = new cartesiaTtsWs.TTSWS(
        this.#config.client,
        cartesiaWebsocketOptions(
          this.#config.baseURL,
          (socket) => this.#sockets.push(socket),
          this.#config.headers,
        ),
      );
      this.#ws = ws;
      // Bound before the handshake: without a listener the SDK turns a failed
      // handshake into an unhandled rejection. Errors for our context also
      // arrive through receive(); this catches the rest.
      ws.on('error', (error) => {
        const event = error.error;
        if (event?.context_id && this.#contextIds.has(event.context_id)) return;
        this.#fail(event ? cartesiaWsErrorToVendorError(event) : cartesiaErrorToVendorError(error));
      });
      ws.socket.addEventListener('close', () => {
        this.#fail(
          new VendorError({
            kind: 'unavailable',
            vendor: CARTESIA_VENDOR,
            message: `${CARTESIA_VENDOR}: the websocket closed before the audio was done`,
          }),
        );
      });
      await ws.connect();
      if (this.#state === 'done') {
        ws.close();
        return;
      }
      this.#context = this.#openContext(ws, fields);
      void this.#receive(this.#context);
    } catch (error) {
      this.#fail(cartesiaErrorToVendorError(error));
    }
  }

  #openContext(ws: CartesiaTtsWebsocket, fields: CartesiaGenerationFields): CartesiaTtsWebsocketContext {
    return ws.context({
      contextId: this.#contextId,
      model_id: fields.model_id,
      voice: fields.voice,
      output_format: fields.output_format,
      // The SDK's language list is narrower than the API's; the API decides.
      ...(fields.language ? { language: fields.language } : {}),
      ...(this.#config.maxBufferDelayMs !== undefined
        ? { max_buffer_delay_ms: this.#config.maxBufferDelayMs }
        : {}),
    });
  }

  /** A fresh context after Cartesia expired ours; the old one's reader stops by itself. */
  #reopen(fields: CartesiaGenerationFields): CartesiaTtsWebsocketContext {
    this.#contextId = randomUUID();
    this.#contextIds.add(this.#contextId);
    this.#continuation.restart();
    const context = this.#openContext(this.#ws as CartesiaTtsWebsocket, fields);
    this.#context = context;
    void this.#receive(context);
    return context;
  }

  #send(
    action: (context: CartesiaTtsWebsocketContext, fields: CartesiaGenerationFields) => Promise<void>,
  ): void {
    this.#sending = this.#sending.then(async () => {
      const context = this.#context;
      const fields = this.#config.fields;
      // Once failed or closed, send nothing: the SDK would silently reconnect a dead socket.
      if (this.#state === 'done' || !context || !fields || this.#ws?.socket.readyState !== WS_OPEN) return;
      try {
        await action(context, fields);
      } catch (error) {
        this.#fail(cartesiaErrorToVendorError(error));
      }
    });
  }

  async #receive(context: CartesiaTtsWebsocketContext): Promise<void> {
    const events = context.receive()[Symbol.asyncIterator]();
    try {
      while (true) {
        const pending = events.next();
        // Still pending when we stop (a dropped socket never ends receive()); never let it reject unheard.
        pending.catch(() => {});
        const next = await Promise.race([pending, this.#stopped]);
        if (next === 'stopped' || next.done || this.#state === 'done') return;
        // A context we replaced after it expired: its reader is done.
        if (context.contextId !== this.#contextId) return;
        if (this.#handle(next.value)) return;
      }
    } catch (error) {
      this.#fail(cartesiaErrorToVendorError(error));
    }
  }

  /** Returns true when the context is over. */
  #handle(event: unknown): boolean {
    const message = cartesiaWsMessageSchema.safeParse(event);
    if (!message.success) return false;
    const { type } = message.data;
    if (type === 'chunk') {
      this.#gotAudio = true;
      this.#continuation.audio();
      this.#clearTimer();
      const audio = message.data.data ? Buffer.from(message.data.data, 'base64') : undefined;
      const frame = audio ? this.#converter.push(audio) : undefined;
      if (frame) this.#queue.push({ type: 'audio', frame });
      return false;
    }
    if (type === 'error') {
      this.#fail(cartesiaWsErrorToVendorError(message.data));
      return true;
    }
    if (type === 'flush_done') {
      this.#continuation.flushed();
      return false;
    }
    if (type === 'done') {
      this.#finish();
      return true;
    }
    // timestamps: nothing to yield.
    return false;
  }

  /** All audio is in: the resampler's tail, then finish. */
  #finish(): void {
    if (this.#state === 'done') return;
    const tail = this.#converter.flush();
    if (tail) this.#queue.push({ type: 'audio', frame: tail });
    this.#queue.push({ type: 'finish', characters: this.#characters, audioMs: this.#converter.audioMs });
    this.#queue.end();
    this.#state = 'done';
    void this.#teardown(false);
  }

  #fail(error: VendorError): void {
    if (this.#state === 'done') return;
    this.#state = 'done';
    this.#queue.push({ type: 'error', error });
    this.#queue.end();
    void this.#teardown(true);
  }

  /** Release everything; when `cancel`, tell Cartesia to stop generating first. */
  async #teardown(cancel: boolean): Promise<void> {
    this.#clearTimer();
    this.#stop();
    this.#config.signal?.removeEventListener('abort', this.#onAbort);
    const ws = this.#ws;
    if (ws && cancel && this.#context && ws.socket.readyState === WS_OPEN) {
      // Only on an open socket: on a closed one the SDK would reconnect to send it.
      await this.#context.cancel();
    }
    ws?.close();
    // A handshake still in progress (a stalled server): make sure its socket is gone too.
    if (!ws || ws.socket.readyState !== WS_OPEN) for (const socket of this.#sockets) socket.destroy();
  }

  #startTimer(): void {
    const timeoutMs = this.#config.timeoutMs;
    if (this.#timer !== undefined || timeoutMs === undefined || this.#gotAudio) return;
    this.#timer = setTimeout(() => {
      this.#fail(
        new VendorError({
          kind: 'timeout',
          vendor: CARTESIA_VENDOR,
          message: `${CARTESIA_VENDOR}: no audio within ${timeoutMs} ms`,
        }),
      );
    }, timeoutMs);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** The fields every message on a context repeats besides the SDK's own (model, voice, format, language). */
function sharedFields(fields: CartesiaGenerationFields): {
  generation_config?: CartesiaGenerationFields['generation_config'];
} {
  return fields.generation_config ? { generation_config: fields.generation_config } : {};
}
