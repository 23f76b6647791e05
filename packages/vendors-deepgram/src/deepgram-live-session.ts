import { int16BytesLE } from '@bot-backend/audio';
import type { SttOptions, SttWord, VendorError } from '@bot-backend/interfaces';
import { type QuietBatching, ReconnectingSttSession, type SttConnection } from '@bot-backend/vendor-kit';
import type { DeepgramClient } from '@deepgram/sdk';
import { connectSocket } from './deepgram-client.js';
import { toDeepgramCloseError, toDeepgramError } from './deepgram-errors.js';
import { type ResolvedDeepgramSettings, usesKeyterm } from './deepgram-options.js';
import { type LiveResults, liveMessageSchema } from './deepgram-wire.js';

/** Quiet is batched only this long past the window that ends the turn. */
const QUIET_MARGIN_MS = 300;

/**
 * In quiet audio Deepgram's endpointing always fires (`speech_final` after
 * `endpointing` ms of silence), so only that window must reach it frame by
 * frame; UtteranceEnd is for noise that keeps endpointing from seeing silence,
 * and noise is never batched. With endpointing off, UtteranceEnd's window counts.
 */
function quietBatching(settings: ResolvedDeepgramSettings, options: SttOptions): QuietBatching | undefined {
  if (settings.quietChunkMs === 0) return undefined;
  const endpointing = options.endpointingMs ?? settings.endpointingMs;
  return {
    chunkMs: settings.quietChunkMs,
    afterMs: (endpointing === false ? settings.utteranceEndMs : endpointing) + QUIET_MARGIN_MS,
  };
}

type ListenSocket = Awaited<ReturnType<DeepgramClient['listen']['v1']['connect']>>;
type ConnectArgs = Parameters<DeepgramClient['listen']['v1']['connect']>[0];

/**
 * One live transcription over Deepgram's `/v1/listen` WebSocket, on the shared
 * reconnecting core (retained audio, loss-free reconnect, resampling).
 *
 * Deepgram's own end-of-turn signals become `end-of-turn` parts: `speech_final`
 * (endpointing: `endpointingMs` of silence after speech), `UtteranceEnd` (no word
 * for `utteranceEndMs`, which also fires when background noise keeps endpointing
 * from seeing silence; developers.deepgram.com/docs/understanding-end-of-speech-detection)
 * and the answer to our `Finalize`. Deepgram sends no confidence for them.
 */
export class DeepgramLiveSession extends ReconnectingSttSession<ListenSocket> {
  constructor(
    private readonly client: DeepgramClient,
    private readonly settings: ResolvedDeepgramSettings,
    private readonly options: SttOptions,
    private readonly model: string,
  ) {
    super({
      vendor: 'deepgram',
      sampleRate: options.sampleRate,
      signal: options.signal,
      interimResults: options.interimResults ?? settings.interimResults,
      maxReconnects: settings.maxReconnects,
      reconnectDelayMs: settings.reconnectDelayMs,
      closeTimeoutMs: settings.closeTimeoutMs,
      quietBatching: quietBatching(settings, options),
      speechBatching:
        settings.speechChunkMs === 0
          ? undefined
          : { chunkMs: settings.speechChunkMs, onsetMs: settings.speechOnsetMs },
      // Deepgram closes after 10 s with neither audio nor KeepAlive (NET-0001).
      keepAliveIntervalMs: settings.keepAliveIntervalMs,
      onWarning: settings.onWarning,
    });
    this.start();
  }

  // ---- the wire ---------------------------------------------------------------------

  private connectArgs(): ConnectArgs {
    const s = this.settings;
    const o = this.options;
    const language = o.language ?? s.language;
    const endpointing = o.endpointingMs ?? s.endpointingMs;
    const keywords = o.keywords && o.keywords.length > 0 ? [...o.keywords] : undefined;
    const interim = this.config.interimResults;
    return {
      model: this.model,
      encoding: 'linear16',
      sample_rate: this.config.sampleRate,
      channels: 1,
      interim_results: String(interim),
      endpointing: endpointing === false ? 'false' : endpointing,
      // UtteranceEnd needs interim results; Deepgram rejects it without them.
      ...(interim ? { utterance_end_ms: s.utteranceEndMs } : {}),
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

  protected async openSocket(conn: SttConnection): Promise<ListenSocket> {
    let socket: ListenSocket;
    try {
      socket = await this.client.listen.v1.connect(this.connectArgs());
    } catch (error) {
      throw toDeepgramError(error);
    }
    socket.on('message', (message) => this.onMessage(conn, message));
    socket.on('close', (event) => this.socketClosed(conn, event.code, event.reason));
    await connectSocket(socket);
    return socket;
  }

  protected sendAudio(socket: ListenSocket, samples: Int16Array): void {
    // No copy: retained audio is never written to once kept.
    socket.sendMedia(int16BytesLE(samples));
  }

  protected sendFinalize(socket: ListenSocket): void {
    socket.sendFinalize({ type: 'Finalize' });
  }

  protected sendClose(socket: ListenSocket): void {
    // Deepgram flushes, sends Metadata and closes with 1000, which finishes the session.
    socket.sendCloseStream({ type: 'CloseStream' });
  }

  protected override sendKeepAlive(socket: ListenSocket): void {
    socket.sendKeepAlive({ type: 'KeepAlive' });
  }

  protected destroySocket(socket: ListenSocket): void {
    try {
      socket.close();
    } catch {
      // Already closed.
    }
  }

  protected closeError(code: number, reason: string): VendorError {
    return toDeepgramCloseError(code, reason);
  }

  // ---- receiving --------------------------------------------------------------------

  private onMessage(conn: SttConnection, raw: unknown): void {
    const parsed = liveMessageSchema.safeParse(raw);
    if (!parsed.success || !this.heard(conn)) return;
    const message = parsed.data;
    switch (message.type) {
      case 'Results':
        this.onResults(conn, message);
        break;
      case 'SpeechStarted':
        this.emitSpeechStart(conn.offsetMs + (message.timestamp ?? 0) * 1000);
        break;
      case 'UtteranceEnd':
        this.emitEndOfTurn(conn.offsetMs + (message.last_word_end ?? 0) * 1000);
        break;
      default:
        break;
    }
  }

  private onResults(conn: SttConnection, message: LiveResults): void {
    const offsetMs = conn.offsetMs;
    const alternative = message.channel?.alternatives?.[0];
    const words: SttWord[] = (alternative?.words ?? []).map((w) => ({
      word: w.punctuated_word ?? w.word,
      startMs: offsetMs + w.start * 1000,
      endMs: offsetMs + w.end * 1000,
      confidence: w.confidence ?? undefined,
    }));
    const startSec = message.start ?? 0;
    const endSec = startSec + (message.duration ?? 0);
    const fields = {
      text: (alternative?.transcript ?? '').trim(),
      words,
      confidence: alternative?.confidence ?? undefined,
      startMs: offsetMs + startSec * 1000,
      endMs: offsetMs + endSec * 1000,
    };
    if (!message.is_final) {
      this.emitPartial(fields);
      return;
    }
    // Audio up to the end of a final (empty ones too: silence) never needs resending.
    this.acknowledge(conn, endSec * 1000);
    this.emitFinal(fields);
    if (message.from_finalize) this.finalized();
    if (message.speech_final || message.from_finalize) this.emitEndOfTurn(fields.endMs);
  }
}
