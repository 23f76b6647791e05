import { int16ToBytesLE } from '@bot-backend/audio';
import type { SttOptions, SttWord, VendorError } from '@bot-backend/interfaces';
import { ReconnectingSttSession, type SttConnection } from '@bot-backend/vendor-kit';
import type { AssemblyAI, StreamingTranscriber, StreamingTranscriberParams, TurnEvent } from 'assemblyai';
import { streamingCloseError, streamingError } from './assemblyai-errors.js';
import { streamingModelTakesLanguageCodes } from './assemblyai-models.js';
import { type ResolvedAssemblyAISettings, toStreamingLanguage } from './assemblyai-options.js';
import { turnText } from './assemblyai-wire.js';

/** The server rejects audio messages shorter than this… */
const MIN_CHUNK_MS = 50;
/** …and longer than this (docs/streaming/universal-streaming, "Audio requirements"). */
const MAX_CHUNK_MS = 1000;

/**
 * One AssemblyAI Universal Streaming (v3) session through the SDK's
 * `StreamingTranscriber`, on the shared reconnecting core (retained audio,
 * loss-free reconnect, resampling).
 *
 * A Turn with `end_of_turn: true` (its formatted copy when format_turns is on)
 * becomes `transcript-final` and an `end-of-turn` part carrying
 * `end_of_turn_confidence`; earlier Turn messages are partials. AssemblyAI ends
 * a turn when that confidence passes `end_of_turn_confidence_threshold` after
 * `min_turn_silence` ms of silence, or after `max_turn_silence` ms whatever the
 * confidence (docs/speech-to-text/universal-streaming/turn-detection).
 */
export class AssemblyAIStreamingSession extends ReconnectingSttSession<StreamingTranscriber> {
  #speechStartedAt: number | undefined;

  constructor(
    private readonly client: AssemblyAI,
    private readonly settings: ResolvedAssemblyAISettings,
    private readonly options: SttOptions,
  ) {
    super({
      vendor: 'assemblyai',
      sampleRate: options.sampleRate,
      signal: options.signal,
      interimResults: options.interimResults ?? true,
      maxReconnects: settings.maxReconnects,
      reconnectDelayMs: settings.reconnectDelayMs,
      closeTimeoutMs: settings.closeTimeoutMs,
      chunkMs: Math.min(settings.chunkMs, MAX_CHUNK_MS),
      minChunkMs: MIN_CHUNK_MS,
      onWarning: settings.onWarning,
    });
    this.start();
  }

  // ---- the wire -------------------------------------------------------------------

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
    const takesLanguage = streamingModelTakesLanguageCodes(model);
    if (language && !takesLanguage) {
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
      sampleRate: this.config.sampleRate,
      encoding: 'pcm_s16le',
      speechModel: model as StreamingTranscriberParams['speechModel'],
      formatTurns: s.formatTurns,
      // The SDK sends `min_turn_silence`, the current name of `min_end_of_turn_silence_when_confident`.
      ...(minTurnSilence !== undefined ? { minTurnSilence } : {}),
      ...(s.maxTurnSilenceMs !== undefined ? { maxTurnSilence: s.maxTurnSilenceMs } : {}),
      ...(s.endOfTurnConfidenceThreshold !== undefined
        ? { endOfTurnConfidenceThreshold: s.endOfTurnConfidenceThreshold }
        : {}),
      ...(o.keywords && o.keywords.length > 0 ? { keytermsPrompt: [...o.keywords] } : {}),
      ...(language && takesLanguage ? { languageCodes: [toStreamingLanguage(language)] } : {}),
      connectTimeout: o.timeoutMs ?? s.timeoutMs ?? s.connectTimeoutMs,
      // One retry policy (the factory's); mid-session reconnects are ours, with the audio resent.
      maxConnectionRetries: 0,
    };
  }

  protected async openSocket(conn: SttConnection): Promise<StreamingTranscriber> {
    let transcriber: StreamingTranscriber;
    try {
      transcriber = this.client.streaming.transcriber(await this.params());
    } catch (error) {
      throw streamingError(error);
    }
    transcriber.on('turn', (turn) => this.onTurn(conn, turn));
    transcriber.on('close', (code, reason) => this.socketClosed(conn, code, reason));
    transcriber.on('error', () => {
      // Errors after Begin are followed by a close, which decides what happens.
    });
    try {
      await transcriber.connect();
    } catch (error) {
      throw streamingError(error);
    }
    return transcriber;
  }

  protected sendAudio(transcriber: StreamingTranscriber, samples: Int16Array): void {
    transcriber.sendAudio(int16ToBytesLE(samples).buffer as ArrayBuffer);
  }

  protected sendFinalize(transcriber: StreamingTranscriber): void {
    transcriber.forceEndpoint();
  }

  protected async sendClose(transcriber: StreamingTranscriber): Promise<void> {
    // Sends Terminate and waits for Termination; the last turns arrive before it.
    await transcriber.close(true, this.settings.closeTimeoutMs).catch(() => {});
  }

  protected destroySocket(transcriber: StreamingTranscriber): void {
    void transcriber.close(false).catch(() => {});
  }

  protected closeError(code: number, reason: string): VendorError {
    return streamingCloseError(code, reason);
  }

  // ---- receiving --------------------------------------------------------------------

  private onTurn(conn: SttConnection, turn: TurnEvent): void {
    if (!this.heard(conn)) return;
    const offsetMs = conn.offsetMs;
    const words: SttWord[] = turn.words.map((w) => ({
      word: w.text,
      startMs: offsetMs + w.start,
      endMs: offsetMs + w.end,
      confidence: w.confidence,
    }));
    const first = turn.words[0];
    const last = turn.words[turn.words.length - 1];
    const fields = {
      text: turnText(turn),
      words,
      confidence: averageConfidence(words),
      startMs: offsetMs + (first?.start ?? 0),
      endMs: offsetMs + (last?.end ?? 0),
    };
    if (!turn.end_of_turn) {
      if (first && this.#speechStartedAt === undefined) {
        // v3 has no SpeechStarted for universal-streaming: the first word of a turn marks it.
        this.#speechStartedAt = fields.startMs;
        this.emitSpeechStart(fields.startMs);
      }
      this.emitPartial(fields);
      return;
    }
    // With formatting on, the turn is final when its formatted copy arrives (right after the raw one).
    if (this.settings.formatTurns && !turn.turn_is_formatted) return;
    this.#speechStartedAt = undefined;
    this.finalized();
    if (last) this.acknowledge(conn, last.end);
    if (this.emitFinal(fields)) this.emitEndOfTurn(fields.endMs, turn.end_of_turn_confidence);
  }
}

function averageConfidence(words: readonly SttWord[]): number | undefined {
  if (words.length === 0) return undefined;
  return words.reduce((sum, w) => sum + (w.confidence ?? 0), 0) / words.length;
}
