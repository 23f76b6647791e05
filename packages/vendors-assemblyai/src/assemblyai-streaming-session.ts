import { int16ToBytesLE } from '@bot-backend/audio';
import type {
  AudioFrame,
  SttOptions,
  SttSession,
  SttStreamPart,
  SttWord,
  VendorError,
} from '@bot-backend/interfaces';
import type { AssemblyAI, StreamingTranscriber, StreamingTranscriberParams, TurnEvent } from 'assemblyai';
import { abortError, streamingCloseError, streamingError } from './assemblyai-errors.js';
import { streamingModelTakesLanguageCodes } from './assemblyai-models.js';
import { type ResolvedAssemblyAISettings, toStreamingLanguage } from './assemblyai-options.js';
import { turnText } from './assemblyai-wire.js';
import { PartQueue } from './part-queue.js';

interface Connection {
  transcriber: StreamingTranscriber;
  /** Global sample index of this connection's t = 0. */
  offsetSample: number;
  /** Global sample index up to which audio went out on this connection. */
  sentUntil: number;
  open: boolean;
  gone: boolean;
}

interface RetainedChunk {
  start: number;
  samples: Int16Array;
}

/** The server rejects audio messages shorter than this. */
const MIN_CHUNK_MS = 50;
/** …and longer than this. */
const MAX_CHUNK_MS = 1000;

/**
 * One AssemblyAI Universal Streaming (v3) session through the SDK's
 * `StreamingTranscriber`.
 *
 * A turn becomes `transcript-final` + `end-of-turn` when it ends (its
 * formatted version when format_turns is on); earlier Turn messages are
 * partials. Every pushed sample is kept until a final turn covers it; a
 * dropped socket is replaced by a new connection that gets the uncovered audio
 * again, with its timestamps shifted so they stay monotonic. A turn is
 * emitted once: a final ending where an earlier final ended is not repeated.
 */
export class AssemblyAIStreamingSession implements SttSession {
  private readonly parts = new PartQueue<SttStreamPart>();
  private readonly sampleRate: number;
  private readonly interim: boolean;
  private readonly chunkSamples: number;
  private retained: RetainedChunk[] = [];
  private pushedSamples = 0;
  private coveredSample = 0;
  private conn: Connection | undefined;
  private ended = false;
  private closeRequested = false;
  private finalizePending = false;
  private lastFinalEndMs = -1;
  private speechStartedAt: number | undefined;
  private reconnects = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly done: Promise<void>;
  private resolveDone: () => void = () => {};
  private readonly onAbort = () => this.fail(abortError('cancelled'));

  constructor(
    private readonly client: AssemblyAI,
    private readonly settings: ResolvedAssemblyAISettings,
    private readonly options: SttOptions,
  ) {
    this.sampleRate = options.sampleRate;
    this.interim = options.interimResults ?? true;
    this.chunkSamples = Math.round((settings.chunkMs / 1000) * this.sampleRate);
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
    if (frame.sampleRate !== this.sampleRate) {
      this.settings.onWarning?.(
        `AssemblyAI: a ${frame.sampleRate} Hz frame was pushed into a ${this.sampleRate} Hz session and dropped`,
      );
      return;
    }
    if (frame.samples.length === 0) return;
    this.retained.push({ start: this.pushedSamples, samples: frame.samples.slice() });
    this.pushedSamples += frame.samples.length;
    if (this.conn?.open) this.sendRetained(this.conn, false);
  }

  finalize(): void {
    if (this.ended || this.closeRequested) return;
    this.finalizePending = true;
    const conn = this.conn;
    if (conn?.open) {
      this.sendRetained(conn, true);
      this.forceEndpoint(conn);
    }
  }

  close(): Promise<void> {
    if (this.ended || this.closeRequested) return this.done;
    this.closeRequested = true;
    const conn = this.conn;
    if (conn?.open) void this.terminate(conn);
    return this.done;
  }

  // ---- connection ---------------------------------------------------------------

  private async params(): Promise<StreamingTranscriberParams> {
    const s = this.settings;
    const o = this.options;
    const language = o.language ?? s.language;
    const minTurnSilence = o.endpointingMs ?? s.minTurnSilenceMs;
    const auth =
      s.streamingAuth === 'temporaryToken'
        ? { token: await this.client.streaming.createTemporaryToken({ expires_in_seconds: 60 }) }
        : { apiKey: s.apiKey };
    const model = o.model ?? s.streamingModel;
    if (language && !streamingModelTakesLanguageCodes(model)) {
      s.onWarning?.(
        `AssemblyAI: ${model} takes no language_codes; language "${language}" was not sent (use universal-streaming-multilingual or u3-rt-pro)`,
      );
    }
    if (o.model && o.model !== s.streamingModel && !o.model.includes('stream') && !o.model.startsWith('u3')) {
      s.onWarning?.(
        `AssemblyAI: "${o.model}" does not look like a streaming model; sent as speech_model anyway`,
      );
    }
    return {
      websocketBaseUrl: s.streamingUrl,
      ...auth,
      sampleRate: this.sampleRate,
      encoding: 'pcm_s16le',
      speechModel: model as StreamingTranscriberParams['speechModel'],
      formatTurns: s.formatTurns,
      ...(minTurnSilence !== undefined ? { minTurnSilence } : {}),
      ...(s.maxTurnSilenceMs !== undefined ? { maxTurnSilence: s.maxTurnSilenceMs } : {}),
      ...(s.endOfTurnConfidenceThreshold !== undefined
        ? { endOfTurnConfidenceThreshold: s.endOfTurnConfidenceThreshold }
        : {}),
      ...(o.keywords && o.keywords.length > 0 ? { keytermsPrompt: [...o.keywords] } : {}),
      ...(language && streamingModelTakesLanguageCodes(model)
        ? { languageCodes: [toStreamingLanguage(language)] }
        : {}),
      connectTimeout: o.timeoutMs ?? s.timeoutMs ?? s.connectTimeoutMs,
      // One retry policy (the factory's); mid-session reconnects are ours, with the audio resent.
      maxConnectionRetries: 0,
    };
  }

  private async connect(): Promise<void> {
    let transcriber: StreamingTranscriber;
    try {
      transcriber = this.client.streaming.transcriber(await this.params());
    } catch (error) {
      this.onConnectFailure(streamingError(error));
      return;
    }
    if (this.ended) return;
    const conn: Connection = {
      transcriber,
      offsetSample: this.coveredSample,
      sentUntil: this.coveredSample,
      open: false,
      gone: false,
    };
    this.conn = conn;
    transcriber.on('turn', (turn) => this.onTurn(conn, turn));
    transcriber.on('close', (code, reason) => this.onClose(conn, code, reason));
    transcriber.on('error', () => {
      // Errors after Begin are followed by a close, which decides what happens.
    });
    try {
      await transcriber.connect();
    } catch (error) {
      conn.gone = true;
      if (!this.ended) this.onConnectFailure(streamingError(error));
      return;
    }
    if (this.ended || conn.gone) {
      void transcriber.close(false).catch(() => {});
      return;
    }
    conn.open = true;
    const flushTail = this.finalizePending || this.closeRequested;
    this.sendRetained(conn, flushTail);
    if (this.finalizePending) this.forceEndpoint(conn);
    if (this.closeRequested) void this.terminate(conn);
  }

  private onConnectFailure(failure: VendorError): void {
    // A first connection that fails is the caller's to retry; mid-session we retry transient failures.
    if (this.reconnects > 0 && failure.retryable) this.scheduleReconnect(failure);
    else this.fail(failure);
  }

  private onClose(conn: Connection, code: number, reason: string): void {
    if (conn.gone || !conn.open) return;
    conn.gone = true;
    conn.open = false;
    if (this.ended || this.closeRequested) return;
    const failure = streamingCloseError(code, reason);
    if (code === 1000 || !failure.retryable) {
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

  // ---- sending ------------------------------------------------------------------

  /**
   * Sends retained audio this connection has not had, in `chunkMs` messages
   * (at most 1000 ms each). A tail shorter than a chunk waits for more audio,
   * unless `flushTail`: then it goes out, padded with silence to 50 ms.
   */
  private sendRetained(conn: Connection, flushTail: boolean): void {
    const pending = this.pushedSamples - conn.sentUntil;
    if (pending <= 0) return;
    const maxSamples = Math.round((MAX_CHUNK_MS / 1000) * this.sampleRate);
    const size = Math.min(this.chunkSamples, maxSamples);
    let remaining = pending;
    while (remaining >= size || (flushTail && remaining > 0)) {
      const take = Math.min(size, remaining);
      const chunk = this.slice(conn.sentUntil, take);
      const minSamples = Math.ceil((MIN_CHUNK_MS / 1000) * this.sampleRate);
      const padded = chunk.length < minSamples ? padTo(chunk, minSamples) : chunk;
      try {
        conn.transcriber.sendAudio(int16ToBytesLE(padded).buffer as ArrayBuffer);
      } catch {
        return; // Not open: the close handler reconnects and resends.
      }
      conn.sentUntil += take;
      remaining -= take;
    }
  }

  /** `count` retained samples from global index `from`. */
  private slice(from: number, count: number): Int16Array {
    const out = new Int16Array(count);
    let written = 0;
    for (const chunk of this.retained) {
      const chunkEnd = chunk.start + chunk.samples.length;
      if (chunkEnd <= from + written) continue;
      if (chunk.start >= from + count) break;
      const begin = Math.max(0, from + written - chunk.start);
      const part = chunk.samples.subarray(begin, Math.min(chunk.samples.length, begin + (count - written)));
      out.set(part, written);
      written += part.length;
      if (written >= count) break;
    }
    return out;
  }

  private forceEndpoint(conn: Connection): void {
    try {
      conn.transcriber.forceEndpoint();
    } catch {
      // Not open: sent again after the reconnect.
    }
  }

  private async terminate(conn: Connection): Promise<void> {
    this.sendRetained(conn, true);
    try {
      // Sends Terminate and waits for Termination; the last turns arrive before it.
      await conn.transcriber.close(true, this.settings.closeTimeoutMs);
    } catch {
      // The socket is gone either way.
    }
    conn.gone = true;
    conn.open = false;
    this.finish();
  }

  // ---- receiving ----------------------------------------------------------------

  private onTurn(conn: Connection, turn: TurnEvent): void {
    if (conn.gone || this.ended) return;
    this.reconnects = 0;
    const offsetMs = (conn.offsetSample / this.sampleRate) * 1000;
    const words: SttWord[] = turn.words.map((w) => ({
      word: w.text,
      startMs: offsetMs + w.start,
      endMs: offsetMs + w.end,
      confidence: w.confidence,
    }));
    const first = words[0];
    const last = words[words.length - 1];
    const text = turnText(turn);
    const fields = {
      text,
      words,
      confidence: averageConfidence(words),
      startMs: first?.startMs ?? offsetMs,
      endMs: last?.endMs ?? offsetMs,
    };
    if (!turn.end_of_turn) {
      if (first && this.speechStartedAt === undefined) {
        // v3 has no SpeechStarted for universal-streaming: the first word of a turn marks it.
        this.speechStartedAt = first.startMs;
        this.parts.push({ type: 'speech-start', atMs: first.startMs });
      }
      if (this.interim && text) this.parts.push({ type: 'transcript-partial', ...fields });
      return;
    }
    // With formatting on, the turn is final when its formatted copy arrives (right after the raw one).
    if (this.settings.formatTurns && !turn.turn_is_formatted) return;
    this.speechStartedAt = undefined;
    this.finalizePending = false;
    if (last) {
      const covered = Math.min(
        conn.sentUntil,
        conn.offsetSample + Math.round(((last.endMs - offsetMs) / 1000) * this.sampleRate),
      );
      if (covered > this.coveredSample) {
        this.coveredSample = covered;
        this.retained = this.retained.filter((chunk) => chunk.start + chunk.samples.length > covered);
      }
    }
    if (!text || fields.endMs <= this.lastFinalEndMs) return;
    this.lastFinalEndMs = fields.endMs;
    this.parts.push({ type: 'transcript-final', ...fields });
    this.parts.push({ type: 'end-of-turn', atMs: fields.endMs, text });
  }

  // ---- ending ---------------------------------------------------------------------

  private finish(): void {
    if (this.ended) return;
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
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.retained = [];
    const conn = this.conn;
    if (conn && !conn.gone) {
      conn.gone = true;
      conn.open = false;
      void conn.transcriber.close(false).catch(() => {});
    }
    this.resolveDone();
  }
}

function padTo(samples: Int16Array, length: number): Int16Array {
  const out = new Int16Array(length);
  out.set(samples);
  return out;
}

function averageConfidence(words: readonly SttWord[]): number | undefined {
  if (words.length === 0) return undefined;
  return words.reduce((sum, w) => sum + (w.confidence ?? 0), 0) / words.length;
}
