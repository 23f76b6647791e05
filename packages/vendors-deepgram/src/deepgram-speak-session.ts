import type { TtsOptions } from '@bot-backend/interfaces';
import { SentencePacedTtsSession } from '@bot-backend/vendor-kit';
import type { DeepgramClient } from '@deepgram/sdk';
import { connectSocket } from './deepgram-client.js';
import { toDeepgramCloseError, toDeepgramError } from './deepgram-errors.js';
import { AURA_SPEAK_TEXT_LIMIT } from './deepgram-models.js';
import { auraRateFor, type ResolvedDeepgramSettings } from './deepgram-options.js';
import { FlushBudget, splitSpeakText } from './deepgram-speak-text.js';

type SpeakSocket = Awaited<ReturnType<DeepgramClient['speak']['v1']['connect']>>;
type SpeakArgs = Parameters<DeepgramClient['speak']['v1']['connect']>[0];

/**
 * Incremental Aura synthesis over one `WSS /v1/speak` connection, on the shared
 * sentence-paced session. Each pushed text goes out as `Speak` (split under
 * 2,000 characters); a `Flush` follows where a sentence ends, while the
 * 20-per-60-s budget leaves one for the end of the turn, so audio starts
 * sentence by sentence without Deepgram refusing a flush. `end()` flushes what
 * is left (waiting for the budget when it is spent), waits for the last
 * `Flushed` and sends `Close`; a flush Deepgram refused with a Warning is sent
 * again once the window allows. `close()` (barge-in) drops the socket.
 */
export class DeepgramSpeakSession extends SentencePacedTtsSession {
  private socket: SpeakSocket | undefined;
  private open = false;
  private flushesSent = 0;
  private flushesDone = 0;
  /** Text went out since the last Flush. */
  private unflushed = false;
  private readonly budget: FlushBudget;
  private flushTimer: NodeJS.Timeout | undefined;
  /** Messages are handled in arrival order, although reading a binary Blob is async. */
  private handling: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: DeepgramClient,
    private readonly settings: ResolvedDeepgramSettings,
    private readonly options: TtsOptions,
    private readonly voice: string,
  ) {
    super({
      vendor: 'deepgram',
      sampleRate: options.sampleRate,
      vendorRate: auraRateFor(options.sampleRate),
      signal: options.signal,
      toError: (error) => toDeepgramError(error),
    });
    this.budget = new FlushBudget(settings.speakFlushLimit, settings.speakFlushWindowMs);
    if (options.language !== undefined) {
      settings.onWarning?.('Deepgram Aura: the voice sets the language; option `language` was ignored');
    }
    this.start();
  }

  protected async connect(): Promise<void> {
    const args: SpeakArgs = {
      model: this.voice,
      encoding: 'linear16',
      sample_rate: String(this.config.vendorRate),
      ...(this.options.speed !== undefined ? { speed: this.options.speed } : {}),
      // The SDK types require it; the header actually sent comes from the client's apiKey.
      Authorization: `Token ${this.settings.apiKey}`,
      reconnectAttempts: 0,
      shouldReconnect: () => false,
      connectionTimeoutInSeconds:
        (this.options.timeoutMs ?? this.settings.timeoutMs ?? this.settings.connectTimeoutMs) / 1000,
    };
    const socket = await this.client.speak.v1.connect(args);
    this.socket = socket;
    socket.on('message', (message) => {
      this.handling = this.handling.then(() => this.onMessage(message)).catch(() => {});
    });
    socket.on('close', (event) => {
      if (!this.open || this.done) return;
      this.open = false;
      // Audio already handed out cannot be unsaid, so a dropped synthesis is an error, not a reconnect.
      this.handling = this.handling.then(() => this.fail(toDeepgramCloseError(event.code, event.reason)));
    });
    await connectSocket(socket);
    this.open = true;
  }

  protected sendText(text: string, sentenceEnd: boolean): void {
    if (text.trim().length === 0) return;
    for (const piece of splitSpeakText(text, AURA_SPEAK_TEXT_LIMIT)) {
      this.socket?.sendText({ type: 'Speak', text: piece });
    }
    this.unflushed = true;
    // One flush stays in reserve for the end of the turn.
    if (sentenceEnd && this.budget.available() > 1) this.flush();
  }

  protected sendEnd(): void {
    this.flushRest();
  }

  protected teardown(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.open = false;
    try {
      this.socket?.close();
    } catch {
      // Already closed.
    }
  }

  private flush(): void {
    this.socket?.sendFlush({ type: 'Flush' });
    this.budget.take();
    this.flushesSent += 1;
    this.unflushed = false;
  }

  /** The end of the turn: flush what is left now, or as soon as the budget allows. */
  private flushRest(): void {
    if (this.done || this.flushTimer) return;
    if (this.unflushed) {
      const waitMs = this.budget.msUntilFree();
      if (waitMs > 0) {
        this.flushTimer = setTimeout(() => {
          this.flushTimer = undefined;
          this.flushRest();
        }, waitMs);
        return;
      }
      try {
        this.flush();
      } catch (error) {
        this.fail(toDeepgramError(error));
        return;
      }
    }
    this.finishIfDone();
  }

  private async onMessage(message: unknown): Promise<void> {
    if (this.done) return;
    if (message instanceof Blob) {
      this.audio(new Uint8Array(await message.arrayBuffer()));
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { type } = message as { type?: unknown };
    if (type === 'Flushed') {
      this.flushesDone += 1;
      this.finishIfDone();
    } else if (type === 'Warning') {
      const { description } = message as { description?: unknown };
      const text = typeof description === 'string' ? description : 'warning';
      this.settings.onWarning?.(`Deepgram Aura: ${text}`);
      // A Flush over Deepgram's limit is not processed: its Flushed never comes, its text waits.
      if (/flush/i.test(text) && this.flushesSent > this.flushesDone) {
        this.flushesSent -= 1;
        this.unflushed = true;
        this.budget.spend();
        if (this.ending) this.flushRest();
      }
    }
  }

  private finishIfDone(): void {
    if (!this.ending || this.unflushed || this.flushesDone < this.flushesSent) return;
    try {
      this.socket?.sendClose({ type: 'Close' });
    } catch {
      // Already closed.
    }
    this.finish();
  }
}
