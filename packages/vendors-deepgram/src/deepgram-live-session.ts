import { int16BytesLE, Pcm16Resampler } from '@bot-backend/audio';
import type {
  AudioFrame,
  SttOptions,
  SttSession,
  SttStreamPart,
  SttWord,
  VendorError,
} from '@bot-backend/interfaces';
import type { DeepgramClient } from '@deepgram/sdk';
import { toDeepgramCloseError, toDeepgramConnectError, toDeepgramError } from './deepgram-errors.js';
import { type ResolvedDeepgramSettings, usesKeyterm } from './deepgram-options.js';
import { type LiveResults, liveMessageSchema } from './deepgram-wire.js';
import { PartQueue } from './part-queue.js';

type ListenSocket = Awaited<ReturnType<DeepgramClient['listen']['v1']['connect']>>;
type ConnectArgs = Parameters<DeepgramClient['listen']['v1']['connect']>[0];

interface Connection {
  socket: ListenSocket;
  /** Global sample index where this connection's audio (its t = 0) starts. */
  offsetSample: number;
  /** Global sample index up to which audio went out on this connection. */
  sentUntil: number;
  open: boolean;
  /** Set once its close was handled: later events from it are ignored. */
  gone: boolean;
}

interface RetainedChunk {
  start: number;
  samples: Int16Array;
}

/**
 * One live transcription over Deepgram's `/v1/listen` WebSocket.
 *
 * Loss-free reconnect: every pushed sample is kept until a final transcript
 * covers it. When the socket drops (anything but our own CloseStream → 1000),
 * a new connection starts at the first uncovered sample, that audio is sent
 * again, and the new connection's timestamps are shifted by its start, so
 * times stay monotonic and no final is lost or repeated.
 */
export class DeepgramLiveSession implements SttSession {
  private readonly parts = new PartQueue<SttStreamPart>();
  private readonly sampleRate: number;
  private readonly interim: boolean;
  private readonly resamplers = new Map<number, Pcm16Resampler>();
  private retained: RetainedChunk[] = [];
  private pushedSamples = 0;
  private coveredSample = 0;
  private conn: Connection | undefined;
  private ended = false;
  private closeRequested = false;
  private finalizePending = false;
  private turnText: string[] = [];
  private lastFinalEndMs = -1;
  private reconnects = 0;
  private lastSentAt = Date.now();
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly done: Promise<void>;
  private resolveDone: () => void = () => {};
  private readonly onAbort = () => this.fail(toDeepgramError(new Error('aborted'), 'cancelled'));

  constructor(
    private readonly client: DeepgramClient,
    private readonly settings: ResolvedDeepgramSettings,
    private readonly options: SttOptions,
    private readonly model: string,
  ) {
    this.sampleRate = options.sampleRate;
    this.interim = options.interimResults ?? settings.interimResults;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    if (options.signal?.aborted) {
      this.onAbort();
      return;
    }
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    void this.connect();
  }

  [Symbol.asyncIterator](): AsyncIterator<SttStreamPart> {
    return this.parts[Symbol.asyncIterator]();
  }

  push(frame: AudioFrame): void {
    if (this.ended || this.closeRequested) return;
    const samples = this.toSessionRate(frame);
    if (samples.length === 0) return;
    this.retained.push({ start: this.pushedSamples, samples });
    this.pushedSamples += samples.length;
    if (this.conn?.open) this.sendRetained(this.conn);
  }

  finalize(): void {
    if (this.ended || this.closeRequested) return;
    this.finalizePending = true;
    if (this.conn?.open) this.sendControl(this.conn, 'Finalize');
  }

  close(): Promise<void> {
    if (this.ended || this.closeRequested) return this.done;
    this.closeRequested = true;
    if (this.conn?.open) this.sendControl(this.conn, 'CloseStream');
    this.closeTimer = setTimeout(() => this.finish(), this.settings.closeTimeoutMs);
    return this.done;
  }

  // ---- connection ---------------------------------------------------------

  private connectArgs(): ConnectArgs {
    const s = this.settings;
    const o = this.options;
    const language = o.language ?? s.language;
    const endpointing = o.endpointingMs ?? s.endpointingMs;
    const keywords = o.keywords && o.keywords.length > 0 ? [...o.keywords] : undefined;
    return {
      model: this.model,
      encoding: 'linear16',
      sample_rate: this.sampleRate,
      channels: 1,
      interim_results: String(this.interim),
      endpointing: endpointing === false ? 'false' : endpointing,
      // UtteranceEnd needs interim results; Deepgram rejects it without them.
      ...(this.interim ? { utterance_end_ms: s.utteranceEndMs } : {}),
      vad_events: String(s.vadEvents),
      smart_format: String(s.smartFormat),
      punctuate: String(s.punctuate),
      ...(language ? { language } : {}),
      ...(keywords ? (usesKeyterm(this.model) ? { keyterm: keywords } : { keywords }) : {}),
      // The SDK types require it; the header actually sent comes from the client's apiKey.
      Authorization: `Token ${s.apiKey}`,
      // We reconnect ourselves (resending uncovered audio); the SDK's own reconnect would lose it.
      reconnectAttempts: 0,
      shouldReconnect: () => false,
      connectionTimeoutInSeconds: (o.timeoutMs ?? s.timeoutMs ?? s.connectTimeoutMs) / 1000,
    };
  }

  private async connect(): Promise<void> {
    let socket: ListenSocket;
    try {
      socket = await this.client.listen.v1.connect(this.connectArgs());
    } catch (error) {
      this.fail(toDeepgramError(error));
      return;
    }
    if (this.ended) return;
    const conn: Connection = {
      socket,
      offsetSample: this.coveredSample,
      sentUntil: this.coveredSample,
      open: false,
      gone: false,
    };
    this.conn = conn;
    socket.on('message', (message) => this.onMessage(conn, message));
    socket.on('close', (event) => this.onClose(conn, event.code, event.reason));
    socket.on('error', () => {
      // Reported through waitForOpen (before open) or the close that follows (after).
    });
    socket.connect();
    try {
      await socket.waitForOpen();
    } catch (error) {
      conn.gone = true;
      if (this.ended) return;
      const message = (error as { message?: unknown } | undefined)?.message;
      const failure = toDeepgramConnectError(
        typeof message === 'string' ? message : 'connection failed',
        error,
      );
      // A first connection that fails is the caller's to retry (the factory's policy); a
      // reconnect mid-session keeps trying within its budget when the failure is transient.
      if (this.reconnects > 0 && failure.retryable) this.scheduleReconnect(failure);
      else this.fail(failure);
      return;
    }
    if (this.ended || conn.gone) {
      this.closeSocket(conn);
      return;
    }
    conn.open = true;
    this.startKeepAlive();
    this.sendRetained(conn);
    if (this.finalizePending) this.sendControl(conn, 'Finalize');
    if (this.closeRequested) this.sendControl(conn, 'CloseStream');
  }

  private onClose(conn: Connection, code: number, reason: string): void {
    if (conn.gone || !conn.open) return;
    conn.gone = true;
    conn.open = false;
    if (this.ended) return;
    if (this.closeRequested && code === 1000) {
      this.finish();
      return;
    }
    const failure = toDeepgramCloseError(code, reason);
    if (!failure.retryable) {
      this.fail(failure);
      return;
    }
    this.scheduleReconnect(failure);
  }

  private scheduleReconnect(cause: VendorError): void {
    this.reconnects += 1;
    if (this.reconnects > this.settings.maxReconnects) {
      this.fail(cause);
      return;
    }
    const delay = this.settings.reconnectDelayMs * 2 ** (this.reconnects - 1);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.ended) void this.connect();
    }, delay);
  }

  // ---- sending --------------------------------------------------------------

  private toSessionRate(frame: AudioFrame): Int16Array {
    // A copy: the caller may reuse its buffer, and this audio is kept until a final covers it.
    if (frame.sampleRate === this.sampleRate) return frame.samples.slice();
    let resampler = this.resamplers.get(frame.sampleRate);
    if (!resampler) {
      resampler = new Pcm16Resampler(frame.sampleRate, this.sampleRate);
      this.resamplers.set(frame.sampleRate, resampler);
    }
    return resampler.process(frame.samples);
  }

  /** Sends every retained sample this connection has not had yet. */
  private sendRetained(conn: Connection): void {
    // Audio waits here until a final covers it (through long silences too): find the first
    // unsent chunk from the end, so a live connection's push costs one step, not the whole backlog.
    let first = this.retained.length;
    while (first > 0) {
      const chunk = this.retained[first - 1]!;
      if (chunk.start + chunk.samples.length <= conn.sentUntil) break;
      first -= 1;
    }
    for (let i = first; i < this.retained.length; i++) {
      const chunk = this.retained[i]!;
      const chunkEnd = chunk.start + chunk.samples.length;
      const from = Math.max(0, conn.sentUntil - chunk.start);
      try {
        // Retained chunks are this session's own copies and never change: sent without another copy.
        conn.socket.sendMedia(int16BytesLE(chunk.samples.subarray(from)));
      } catch {
        return; // Not open any more: the close handler reconnects and resends.
      }
      conn.sentUntil = chunkEnd;
      this.lastSentAt = Date.now();
    }
  }

  private sendControl(conn: Connection, type: 'Finalize' | 'CloseStream' | 'KeepAlive'): void {
    try {
      if (type === 'Finalize') conn.socket.sendFinalize({ type });
      else if (type === 'CloseStream') conn.socket.sendCloseStream({ type });
      else conn.socket.sendKeepAlive({ type });
      this.lastSentAt = Date.now();
    } catch {
      // Not open: the reconnect path sends pending Finalize/CloseStream again.
    }
  }

  private startKeepAlive(): void {
    if (this.keepAliveTimer) return;
    const interval = this.settings.keepAliveIntervalMs;
    // Checked at half the interval, so the longest silence on the wire is 1.5 intervals.
    this.keepAliveTimer = setInterval(
      () => {
        const conn = this.conn;
        if (conn?.open && Date.now() - this.lastSentAt >= interval) this.sendControl(conn, 'KeepAlive');
      },
      Math.max(1, Math.floor(interval / 2)),
    );
  }

  // ---- receiving ------------------------------------------------------------

  private onMessage(conn: Connection, raw: unknown): void {
    if (conn.gone || this.ended) return;
    const parsed = liveMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    const offsetMs = (conn.offsetSample / this.sampleRate) * 1000;
    switch (message.type) {
      case 'Results':
        this.reconnects = 0;
        this.onResults(conn, message, offsetMs);
        break;
      case 'SpeechStarted':
        this.parts.push({ type: 'speech-start', atMs: offsetMs + (message.timestamp ?? 0) * 1000 });
        break;
      case 'UtteranceEnd':
        this.endTurn(offsetMs + (message.last_word_end ?? 0) * 1000);
        break;
      default:
        break;
    }
  }

  private onResults(conn: Connection, message: LiveResults, offsetMs: number): void {
    const alternative = message.channel?.alternatives?.[0];
    const text = (alternative?.transcript ?? '').trim();
    const words: SttWord[] = (alternative?.words ?? []).map((w) => ({
      word: w.punctuated_word ?? w.word,
      startMs: offsetMs + w.start * 1000,
      endMs: offsetMs + w.end * 1000,
      confidence: w.confidence ?? undefined,
    }));
    const startSec = message.start ?? 0;
    const startMs = offsetMs + startSec * 1000;
    const endMs = startMs + (message.duration ?? 0) * 1000;
    const fields = {
      text,
      words,
      confidence: alternative?.confidence ?? undefined,
      startMs,
      endMs,
    };

    if (!message.is_final) {
      if (this.interim && text) this.parts.push({ type: 'transcript-partial', ...fields });
      return;
    }

    // Audio up to the end of a final (empty ones too: silence) never needs resending.
    const coveredSample = Math.min(
      conn.sentUntil,
      conn.offsetSample + Math.round((startSec + (message.duration ?? 0)) * this.sampleRate),
    );
    if (coveredSample > this.coveredSample) {
      this.coveredSample = coveredSample;
      this.retained = this.retained.filter((chunk) => chunk.start + chunk.samples.length > coveredSample);
    }
    // A final ending where an earlier one ended is a repeat (e.g. re-sent audio): never emit it twice.
    if (text && endMs > this.lastFinalEndMs) {
      this.lastFinalEndMs = endMs;
      this.turnText.push(text);
      this.parts.push({ type: 'transcript-final', ...fields });
    }
    if (message.from_finalize) this.finalizePending = false;
    if (message.speech_final || message.from_finalize) this.endTurn(endMs);
  }

  private endTurn(atMs: number): void {
    if (this.turnText.length === 0) return;
    const text = this.turnText.join(' ');
    this.turnText = [];
    this.parts.push({ type: 'end-of-turn', atMs, text });
  }

  // ---- ending -----------------------------------------------------------------

  private finish(): void {
    if (this.ended) return;
    // The stream ended mid-turn: the words said so far still make a turn.
    this.endTurn(this.lastFinalEndMs);
    this.parts.push({ type: 'finish' });
    this.release();
  }

  private fail(error: VendorError): void {
    if (this.ended) return;
    this.parts.push({ type: 'error', error });
    this.release();
  }

  private release(): void {
    this.ended = true;
    this.parts.end();
    this.options.signal?.removeEventListener('abort', this.onAbort);
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    if (this.closeTimer) clearTimeout(this.closeTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.retained = [];
    const conn = this.conn;
    if (conn) {
      conn.gone = true;
      conn.open = false;
      this.closeSocket(conn);
    }
    this.resolveDone();
  }

  private closeSocket(conn: Connection): void {
    try {
      conn.socket.close();
    } catch {
      // Already closed.
    }
  }
}
