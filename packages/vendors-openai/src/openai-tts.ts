import { Pcm16Resampler, PcmByteDecoder } from '@bot-backend/audio';
import {
  type AudioFrame,
  type TTS,
  type TtsCapabilities,
  type TtsOptions,
  type TtsSession,
  type TtsStreamPart,
  VendorError,
} from '@bot-backend/interfaces';
import { PartQueue, startCall } from '@bot-backend/vendor-kit';
import type OpenAI from 'openai';
import { openAIErrorToVendorError } from './openai-errors.js';
import { OPENAI_DEFAULT_VOICE } from './openai-models.js';
import type { OpenAISpeechModelId, OpenAIVoice } from './openai-options.js';

/** OpenAI's `pcm` response format: raw 24 kHz, 16-bit little-endian, mono. */
export const OPENAI_PCM_SAMPLE_RATE = 24_000;

export interface OpenAITtsConfig {
  client: OpenAI;
  modelId: OpenAISpeechModelId;
  provider: string;
  voice?: OpenAIVoice | undefined;
  /** Style instructions (gpt-4o-mini-tts; tts-1 and tts-1-hd ignore them). */
  instructions?: string | undefined;
  timeoutMs?: number | undefined;
}

/** speech.d.ts: "The maximum length is 4096 characters"; speed "from 0.25 to 4.0". */
export const OPENAI_SPEECH_MAX_INPUT = 4096;
const SPEED_MIN = 0.25;
const SPEED_MAX = 4;

/** Text cut into pieces OpenAI accepts, at sentence ends, else at spaces, else hard. */
export function splitSpeechInput(text: string, max = OPENAI_SPEECH_MAX_INPUT): string[] {
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
 * Speech (`POST /audio/speech`, response_format `pcm`): the body is read as it
 * streams, resampled from 24 kHz to the requested rate, and cut into frames.
 */
export class OpenAITts implements TTS {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: OpenAISpeechModelId;
  readonly capabilities: TtsCapabilities = {
    incrementalText: false,
    nativeSampleRate: OPENAI_PCM_SAMPLE_RATE,
  };
  readonly #client: OpenAI;
  readonly #voice: OpenAIVoice;
  readonly #instructions: string | undefined;
  readonly #timeoutMs: number | undefined;

  constructor(config: OpenAITtsConfig) {
    this.#client = config.client;
    this.modelId = config.modelId;
    this.provider = config.provider;
    this.#voice = config.voice ?? OPENAI_DEFAULT_VOICE;
    this.#instructions = config.instructions;
    this.#timeoutMs = config.timeoutMs;
  }

  async *synthesize(text: string, options: TtsOptions): AsyncGenerator<TtsStreamPart> {
    let audioMs = 0;
    // One request per piece of at most 4096 characters, in order: the whole text is spoken.
    for await (const part of this.#synthesizePieces(text, options)) {
      if (part.type === 'audio') audioMs += (part.frame.samples.length * 1000) / part.frame.sampleRate;
      yield part;
      if (part.type === 'error') return;
    }
    if (options.signal?.aborted) {
      yield {
        type: 'error',
        error: new VendorError({
          kind: 'cancelled',
          vendor: this.provider,
          message: `${this.provider}: cancelled by the caller`,
        }),
      };
      return;
    }
    yield { type: 'finish', characters: text.length, audioMs };
  }

  /** One sentence at a time, one request each (OpenAI keeps no voice context across requests). */
  stream(options: TtsOptions): TtsSession {
    return new OpenAITtsSession(
      (text, signal) => this.#synthesizePieces(text, { ...options, signal }),
      this.provider,
      options.signal,
    );
  }

  /** Audio parts of every piece OpenAI accepts, in order, stopping at the first error; no finish. */
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
          message: `${this.provider}: speed ${options.speed} is outside the ${SPEED_MIN}–${SPEED_MAX} OpenAI accepts`,
        }),
      };
      return;
    }
    const call = startCall(this.provider, options.signal, options.timeoutMs ?? this.#timeoutMs);
    try {
      const aborted = call.abortError();
      if (aborted) {
        yield { type: 'error', error: aborted };
        return;
      }
      const response = await this.#client.audio.speech.create(
        {
          model,
          voice: options.voice ?? this.#voice,
          input: text,
          response_format: 'pcm',
          ...(options.speed !== undefined ? { speed: options.speed } : {}),
          ...(this.#instructions !== undefined && !model.startsWith('tts-1')
            ? { instructions: this.#instructions }
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
        options.sampleRate === OPENAI_PCM_SAMPLE_RATE
          ? undefined
          : new Pcm16Resampler(OPENAI_PCM_SAMPLE_RATE, options.sampleRate);
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
      yield { type: 'error', error: call.abortError() ?? openAIErrorToVendorError(error, this.provider) };
    } finally {
      call.dispose();
    }
  }
}

type SynthesizeOne = (text: string, signal: AbortSignal) => AsyncIterable<TtsStreamPart>;

/** Sentences are synthesized in order as they are pushed; close() cancels the one in flight. */
class OpenAITtsSession implements TtsSession {
  readonly #parts = new PartQueue<TtsStreamPart>();
  readonly #controller = new AbortController();
  readonly #synthesize: SynthesizeOne;
  readonly #vendor: string;
  readonly #signal: AbortSignal | undefined;
  #texts: string[] = [];
  #ended = false;
  #done = false;
  #wake: (() => void) | undefined;
  #characters = 0;
  #audioMs = 0;

  constructor(synthesize: SynthesizeOne, vendor: string, signal: AbortSignal | undefined) {
    this.#synthesize = synthesize;
    this.#vendor = vendor;
    this.#signal = signal;
    if (signal?.aborted) this.#cancel();
    else {
      signal?.addEventListener('abort', this.#onAbort, { once: true });
      void this.#run();
    }
  }

  pushText(text: string): void {
    if (this.#ended || this.#done || text.trim() === '') return;
    this.#texts.push(text);
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  /** Barge-in: audio not yet read is dropped, the request in flight is cancelled. */
  async close(): Promise<void> {
    this.#parts.abort();
    this.#stop();
  }

  [Symbol.asyncIterator](): AsyncIterator<TtsStreamPart> {
    return this.#parts[Symbol.asyncIterator]();
  }

  async #run(): Promise<void> {
    for (;;) {
      const text = this.#texts.shift();
      if (text === undefined) {
        if (this.#ended || this.#done) break;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        this.#wake = undefined;
        continue;
      }
      this.#characters += text.length;
      for await (const part of this.#synthesize(text, this.#controller.signal)) {
        if (this.#done) return;
        if (part.type === 'error') {
          this.#parts.push(part);
          this.#stop();
          return;
        }
        if (part.type === 'audio') {
          this.#audioMs += (part.frame.samples.length * 1000) / part.frame.sampleRate;
          this.#parts.push(part);
        }
      }
    }
    if (this.#done) return;
    this.#parts.push({ type: 'finish', characters: this.#characters, audioMs: this.#audioMs });
    this.#stop();
  }

  readonly #onAbort = () => this.#cancel();

  #cancel(): void {
    if (this.#done) return;
    this.#parts.abort({
      type: 'error',
      error: new VendorError({
        kind: 'cancelled',
        vendor: this.#vendor,
        message: `${this.#vendor}: cancelled by the caller`,
      }),
    });
    this.#stop();
  }

  #stop(): void {
    if (this.#done) return;
    this.#done = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#controller.abort();
    this.#parts.end();
    this.#wake?.();
  }
}
