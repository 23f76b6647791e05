import { Pcm16Resampler, PcmByteDecoder } from '@bot-backend/audio';
import type { TTS, TtsCapabilities, TtsOptions, TtsSession, TtsStreamPart } from '@bot-backend/interfaces';
import type { DeepgramClient } from '@deepgram/sdk';
import { CallGuard, createDeepgramClient } from './deepgram-client.js';
import { toDeepgramError } from './deepgram-errors.js';
import {
  auraRateFor,
  type DeepgramSettings,
  type DeepgramTtsVoiceId,
  parseDeepgramSettings,
  type ResolvedDeepgramSettings,
} from './deepgram-options.js';
import { DeepgramSpeakSession } from './deepgram-speak-session.js';
import { SentenceTtsSession } from './sentence-tts-session.js';

/**
 * Deepgram Aura text-to-speech over `POST /v1/speak` (linear16, no container),
 * streamed: frames are yielded as the response body arrives. Aura renders
 * 8/16/24/32/48 kHz itself; other rates are resampled from the next higher one.
 */
export class DeepgramTts implements TTS {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'deepgram';
  readonly modelId: DeepgramTtsVoiceId;
  readonly capabilities: TtsCapabilities;
  private readonly settings: ResolvedDeepgramSettings;
  private readonly client: DeepgramClient;

  constructor(settings: DeepgramSettings, client?: DeepgramClient) {
    this.settings = parseDeepgramSettings(settings);
    this.modelId = this.settings.defaultVoice;
    this.client = client ?? createDeepgramClient(this.settings);
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
    const resampler =
      nativeRate === options.sampleRate ? undefined : new Pcm16Resampler(nativeRate, options.sampleRate);
    const guard = new CallGuard(options.signal, options.timeoutMs ?? this.settings.timeoutMs);
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let outSamples = 0;
    let completed = false;
    try {
      const response = await this.client.speak.v1.audio.generate(
        {
          text,
          model: voice,
          encoding: 'linear16',
          sample_rate: nativeRate,
          container: 'none',
          ...(options.speed !== undefined ? { speed: options.speed } : {}),
        },
        { abortSignal: guard.controller.signal, maxRetries: 0 },
      );
      const body = response.stream();
      if (!body) throw new Error('Deepgram answered without a body');
      reader = body.getReader();
      const decoder = new PcmByteDecoder('pcm_s16le');
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        guard.firstByte();
        if (guard.reason) break;
        const samples = resampler ? resampler.process(decoder.push(value)) : decoder.push(value);
        if (samples.length === 0) continue;
        outSamples += samples.length;
        yield { type: 'audio', frame: { samples, sampleRate: options.sampleRate } };
        if (guard.reason) break;
      }
      const tail = guard.reason ? undefined : resampler?.flush();
      if (tail && tail.length > 0) {
        outSamples += tail.length;
        yield { type: 'audio', frame: { samples: tail, sampleRate: options.sampleRate } };
      }
      if (guard.reason) throw new Error(guard.reason);
      completed = true;
      yield {
        type: 'finish',
        characters: text.length,
        audioMs: Math.round((outSamples / options.sampleRate) * 1000),
      };
    } catch (error) {
      completed = true;
      yield { type: 'error', error: toDeepgramError(error, guard.reason) };
    } finally {
      // Also reached when the consumer stops iterating early: the request must not outlive it.
      if (!completed) guard.abort('cancelled');
      void reader?.cancel().catch(() => {});
      guard.dispose();
    }
  }

  stream(options: TtsOptions): TtsSession {
    if (this.settings.ttsStreaming === 'websocket') {
      return new DeepgramSpeakSession(
        this.client,
        this.settings,
        options,
        options.voice ?? options.model ?? this.modelId,
      );
    }
    return new SentenceTtsSession((text, signal) => this.synthesize(text, { ...options, signal }), options);
  }
}
