import { Pcm16Resampler, PcmByteDecoder } from '@bot-backend/audio';
import type {
  AudioFrame,
  TTS,
  TtsCapabilities,
  TtsOptions,
  TtsSession,
  TtsStreamPart,
} from '@bot-backend/interfaces';
import { VendorError } from '@bot-backend/interfaces';
import { startCall, stopError } from '@bot-backend/vendor-kit';
import type { OpenAICompatibleSpeechClient } from './openai-compatible-client.js';
import type { OpenAICompatibleModelConfig } from './openai-compatible-config.js';
import { OpenAICompatibleModel } from './openai-compatible-model.js';
import { SpeechSession } from './openai-compatible-speech-session.js';

/** The `pcm` response format (openai speech.d.ts): raw 24 kHz, 16-bit little-endian, mono. */
export const PCM_SAMPLE_RATE = 24_000;

export interface OpenAICompatibleTtsConfig extends OpenAICompatibleModelConfig<OpenAICompatibleSpeechClient> {
  /** The voice when a call names none. */
  voice: string;
  /** Style instructions, sent to the models that accept them. */
  instructions: string | undefined;
  /** Whether a model accepts `instructions` (OpenAI's tts-1 and tts-1-hd refuse them). */
  acceptsInstructions(modelId: string): boolean;
}

/** speech.d.ts: "The maximum length is 4096 characters"; speed "from 0.25 to 4.0". */
export const SPEECH_MAX_INPUT = 4096;
const SPEED_MIN = 0.25;
const SPEED_MAX = 4;

/** Text cut into pieces the speech endpoint accepts, at sentence ends, else at spaces, else hard. */
export function splitSpeechInput(text: string, max = SPEECH_MAX_INPUT): string[] {
  // Text that fits goes as it is, spaces included.
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const sentenceEnd = Math.max(...['. ', '! ', '? ', '\n'].map((mark) => window.lastIndexOf(mark)));
    const cut =
      sentenceEnd > 0 ? sentenceEnd + 1 : window.lastIndexOf(' ') > 0 ? window.lastIndexOf(' ') : max;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}

/**
 * Speech (`POST {baseURL}/audio/speech`, response_format `pcm`): the body is read as
 * it streams, resampled from 24 kHz to the requested rate, and cut into frames.
 */
export class OpenAICompatibleTts extends OpenAICompatibleModel<OpenAICompatibleTtsConfig> implements TTS {
  readonly capabilities: TtsCapabilities = { incrementalText: false, nativeSampleRate: PCM_SAMPLE_RATE };

  async *synthesize(text: string, options: TtsOptions): AsyncGenerator<TtsStreamPart> {
    let audioMs = 0;
    // One request per piece of at most 4096 characters, in order: the whole text is spoken.
    for await (const part of this.#synthesizePieces(text, options)) {
      if (part.type === 'audio') audioMs += (part.frame.samples.length * 1000) / part.frame.sampleRate;
      yield part;
      if (part.type === 'error') return;
    }
    if (options.signal?.aborted) {
      yield { type: 'error', error: stopError(this.provider, 'cancelled') };
      return;
    }
    yield { type: 'finish', characters: text.length, audioMs };
  }

  /** One sentence at a time, one request each (the endpoint keeps no voice context across requests). */
  stream(options: TtsOptions): TtsSession {
    return new SpeechSession(
      (text, signal) => this.#synthesizePieces(text, { ...options, signal }),
      this.provider,
      options.signal,
    );
  }

  /** Audio parts of every piece the endpoint accepts, in order, stopping at the first error; no finish. */
  async *#synthesizePieces(text: string, options: TtsOptions): AsyncGenerator<TtsStreamPart> {
    for (const piece of splitSpeechInput(text)) {
      for await (const part of this.#synthesizeOne(piece, options)) {
        yield part;
        if (part.type === 'error') return;
      }
    }
  }

  /** Audio parts of one request, or an error part; no finish. */
  async *#synthesizeOne(text: string, options: TtsOptions): AsyncGenerator<TtsStreamPart> {
    const model = options.model ?? this.modelId;
    if (options.speed !== undefined && !(options.speed >= SPEED_MIN && options.speed <= SPEED_MAX)) {
      yield {
        type: 'error',
        error: new VendorError({
          kind: 'bad_request',
          vendor: this.provider,
          message: `${this.provider}: speed ${options.speed} is outside the ${SPEED_MIN}–${SPEED_MAX} the speech endpoint accepts`,
        }),
      };
      return;
    }
    const call = startCall(this.provider, options.signal, options.timeoutMs ?? this.config.timeoutMs);
    try {
      const aborted = call.abortError();
      if (aborted) {
        yield { type: 'error', error: aborted };
        return;
      }
      const response = await this.config.client.audio.speech.create(
        {
          model,
          voice: options.voice ?? this.config.voice,
          input: text,
          response_format: 'pcm',
          ...(options.speed !== undefined ? { speed: options.speed } : {}),
          ...(this.config.instructions !== undefined && this.config.acceptsInstructions(model)
            ? { instructions: this.config.instructions }
            : {}),
        },
        { signal: call.signal },
      );
      const body = response.body;
      if (!body)
        throw new VendorError({
          kind: 'unavailable',
          vendor: this.provider,
          message: `${this.provider}: empty speech body`,
        });
      const decoder = new PcmByteDecoder('pcm_s16le');
      const resampler =
        options.sampleRate === PCM_SAMPLE_RATE
          ? undefined
          : new Pcm16Resampler(PCM_SAMPLE_RATE, options.sampleRate);
      const frame = (samples: Int16Array): AudioFrame => ({ samples, sampleRate: options.sampleRate });

      // One frame per network chunk: audio leaves as soon as it arrives, and nothing
      // is left queued in memory to leak out after a cancellation.
      for await (const chunk of body) {
        call.firstByte();
        if (call.signal.aborted) break;
        const decoded = decoder.push(chunk);
        const samples = resampler ? resampler.process(decoded) : decoded;
        if (samples.length > 0) yield { type: 'audio', frame: frame(samples) };
      }
      const aborted2 = call.abortError();
      if (aborted2) {
        yield { type: 'error', error: aborted2 };
        return;
      }
      const tail = resampler?.flush();
      if (tail && tail.length > 0) yield { type: 'audio', frame: frame(tail) };
    } catch (error) {
      yield { type: 'error', error: this.failure(call, error) };
    } finally {
      call.dispose();
    }
  }
}
