import { encodeWavFrame } from '@bot-backend/audio';
import type {
  AudioInput,
  CallOptions,
  STT,
  SttCapabilities,
  SttOptions,
  SttSession,
  SttTranscript,
} from '@bot-backend/interfaces';
import { startCall } from '@bot-backend/vendor-kit';
import type { DeepgramClient } from '@deepgram/sdk';
import type { DeepgramConfig } from './deepgram-client.js';
import { toDeepgramError } from './deepgram-errors.js';
import { DeepgramLiveSession } from './deepgram-live-session.js';
import { type DeepgramSttModelId, type ResolvedDeepgramSettings, usesKeyterm } from './deepgram-options.js';
import { prerecordedResponseSchema } from './deepgram-wire.js';

type TranscribeRequest = Parameters<DeepgramClient['listen']['v1']['media']['transcribeFile']>[1];

/**
 * Deepgram speech-to-text: `stream()` over the live WebSocket (interim
 * results, endpointing, UtteranceEnd, KeepAlive, Finalize, CloseStream,
 * loss-free reconnect), `transcribe()` over prerecorded `POST /v1/listen`.
 */
export class DeepgramStt implements STT {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'deepgram';
  readonly capabilities: SttCapabilities = {
    streaming: true,
    interimResults: true,
    wordTimings: true,
    endOfTurn: true,
  };

  /** Built by `createDeepgram`, which resolves the settings and the client once. */
  constructor(
    readonly modelId: DeepgramSttModelId,
    private readonly config: DeepgramConfig,
  ) {}

  private get settings(): ResolvedDeepgramSettings {
    return this.config.settings;
  }

  private get client(): DeepgramClient {
    return this.config.client;
  }

  stream(options: SttOptions): SttSession {
    return new DeepgramLiveSession(this.client, this.settings, options, options.model ?? this.modelId);
  }

  async transcribe(
    audio: AudioInput,
    options: Omit<SttOptions, 'sampleRate'> & CallOptions = {},
  ): Promise<SttTranscript> {
    const model = options.model ?? this.modelId;
    const language = options.language ?? this.settings.language;
    const keywords = options.keywords && options.keywords.length > 0 ? [...options.keywords] : undefined;
    const isPcm = 'samples' in audio;
    // Raw PCM goes in a WAV header (Deepgram reads rate and format from it); encoded files go as they are.
    const body = isPcm ? encodeWavFrame(audio) : audio.data;
    const request: TranscribeRequest = {
      model,
      smart_format: this.settings.smartFormat,
      punctuate: this.settings.punctuate,
      ...(language ? { language } : { detect_language: true }),
      ...(keywords ? (usesKeyterm(model) ? { keyterm: keywords } : { keywords }) : {}),
    };
    const timeoutMs = options.timeoutMs ?? this.settings.timeoutMs;
    const call = startCall(this.provider, options.signal, timeoutMs);
    try {
      const response = await this.client.listen.v1.media.transcribeFile(Buffer.from(body), request, {
        abortSignal: call.signal,
        maxRetries: 0,
      });
      call.firstByte();
      const parsed = prerecordedResponseSchema.parse(response);
      const channel = parsed.results.channels[0];
      const alternative = channel?.alternatives?.[0];
      const duration = parsed.metadata?.duration;
      return {
        text: (alternative?.transcript ?? '').trim(),
        words: (alternative?.words ?? []).map((w) => ({
          word: w.punctuated_word ?? w.word,
          startMs: w.start * 1000,
          endMs: w.end * 1000,
          confidence: w.confidence ?? undefined,
        })),
        confidence: alternative?.confidence ?? undefined,
        language: channel?.detected_language ?? language,
        durationMs: duration === null || duration === undefined ? undefined : duration * 1000,
      };
    } catch (error) {
      throw toDeepgramError(error, call.reason, timeoutMs);
    } finally {
      call.dispose();
    }
  }
}
