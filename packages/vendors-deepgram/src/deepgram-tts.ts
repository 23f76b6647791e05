import type { TTS, TtsCapabilities, TtsOptions, TtsSession, TtsStreamPart } from '@bot-backend/interfaces';
import { PcmOutput, SentenceTtsSession, startCall } from '@bot-backend/vendor-kit';
import type { DeepgramConfig } from './deepgram-client.js';
import { toDeepgramError } from './deepgram-errors.js';
import { auraRateFor, type DeepgramTtsVoiceId, type ResolvedDeepgramSettings } from './deepgram-options.js';
import { DeepgramSpeakSession } from './deepgram-speak-session.js';

/**
 * Deepgram Aura text-to-speech over `POST /v1/speak` (linear16, no container),
 * streamed: frames are yielded as the response body arrives. Aura renders
 * 8/16/24/32/48 kHz itself; other rates are resampled from the next higher one.
 */
export class DeepgramTts implements TTS {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'deepgram';
  readonly capabilities: TtsCapabilities;
  private readonly settings: ResolvedDeepgramSettings;

  /** Built by `createDeepgram`, which resolves the settings and the client once; the voice is the model. */
  constructor(
    readonly modelId: DeepgramTtsVoiceId,
    private readonly config: DeepgramConfig,
  ) {
    this.settings = config.settings;
    this.capabilities = {
      incrementalText: this.settings.ttsStreaming === 'websocket',
      nativeSampleRate: 24000,
    };
  }

  async *synthesize(text: string, options: TtsOptions): AsyncIterable<TtsStreamPart> {
    const voice = options.voice ?? options.model ?? this.modelId;
    if (options.language !== undefined) {
      this.settings.onWarning?.('Deepgram Aura: the voice sets the language; option `language` was ignored');
    }
    const nativeRate = auraRateFor(options.sampleRate);
    const output = new PcmOutput(nativeRate, options.sampleRate);
    const timeoutMs = options.timeoutMs ?? this.settings.timeoutMs;
    const call = startCall(this.provider, options.signal, timeoutMs);
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let completed = false;
    try {
      const response = await this.config.client.speak.v1.audio.generate(
        {
          text,
          model: voice,
          encoding: 'linear16',
          sample_rate: nativeRate,
          container: 'none',
          ...(options.speed !== undefined ? { speed: options.speed } : {}),
        },
        { abortSignal: call.signal, maxRetries: 0 },
      );
      const body = response.stream();
      if (!body) throw new Error('Deepgram answered without a body');
      reader = body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        call.firstByte();
        // A chunk already on its way when the caller aborted is not played.
        if (call.reason) break;
        const frame = output.push(value);
        if (frame) yield { type: 'audio', frame };
        if (call.reason) break;
      }
      if (call.reason) throw new Error(call.reason);
      const tail = output.flush();
      if (tail) yield { type: 'audio', frame: tail };
      completed = true;
      yield { type: 'finish', characters: text.length, audioMs: output.audioMs };
    } catch (error) {
      completed = true;
      yield { type: 'error', error: toDeepgramError(error, call.reason, timeoutMs) };
    } finally {
      // Also reached when the consumer stops iterating early: the request must not outlive it.
      if (!completed) call.cancel();
      void reader?.cancel().catch(() => {});
      call.dispose();
    }
  }

  stream(options: TtsOptions): TtsSession {
    if (this.settings.ttsStreaming === 'websocket') {
      return new DeepgramSpeakSession(
        this.config.client,
        this.settings,
        options,
        options.voice ?? options.model ?? this.modelId,
      );
    }
    return new SentenceTtsSession(
      (text, signal) => this.synthesize(text, { ...options, signal }),
      options.signal,
    );
  }
}
