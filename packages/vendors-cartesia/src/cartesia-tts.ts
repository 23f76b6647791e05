import {
  type TTS,
  type TtsCapabilities,
  type TtsOptions,
  type TtsSession,
  type TtsStreamPart,
  VendorError,
} from '@bot-backend/interfaces';
import { PcmOutput, startCall } from '@bot-backend/vendor-kit';
import { CARTESIA_VENDOR, cartesiaErrorToVendorError } from './cartesia-errors.js';
import { type CartesiaSampleRate, cartesiaRateFor } from './cartesia-models.js';
import {
  CARTESIA_NATIVE_SAMPLE_RATE,
  type CartesiaTtsOptions,
  cartesiaCallOptionsSchema,
} from './cartesia-options.js';
import type { CartesiaClient, CartesiaGenerateParams } from './cartesia-sdk.js';
import {
  CARTESIA_DEFAULT_IDLE_CONNECTIONS,
  CARTESIA_IDLE_CONNECTION_MS,
  CartesiaSocketPool,
} from './cartesia-socket-pool.js';
import { CartesiaTtsSession } from './cartesia-tts-session.js';

type Emotion = NonNullable<NonNullable<CartesiaGenerateParams['generation_config']>['emotion']>;

/** What `createCartesia` resolves once and every model receives. */
export interface CartesiaTtsConfig {
  client: CartesiaClient;
  /** Where the client points; decides how the websocket connects. */
  baseURL: string;
  /** Extra headers; the SDK sends its defaultHeaders over HTTP only, so the websocket gets them from here. */
  headers?: Record<string, string> | undefined;
  /** Voice id when neither the call nor `options` names one. */
  voice: string;
  /** This model's options, already checked (`cartesiaTtsOptionsSchema`). */
  options?: CartesiaTtsOptions | undefined;
  /** First-byte timeout unless a call gives its own. */
  timeoutMs?: number | undefined;
  /** Open websocket connections kept for the next `stream()` (default 16; 0: one per session). */
  idleConnections?: number | undefined;
  /** The provider's websocket connections, shared by its models; default: this model's own. */
  pool?: CartesiaSocketPool | undefined;
}

/** What every Cartesia generation request carries, bytes endpoint and websocket alike. */
export interface CartesiaGenerationFields {
  model_id: string;
  voice: string;
  /** PCM16 at the caller's rate when Cartesia offers it, else the next higher rate (resampled here). */
  output_format: { container: 'raw'; encoding: 'pcm_s16le'; sample_rate: CartesiaSampleRate };
  language?: CartesiaGenerateParams['language'];
  generation_config?: CartesiaGenerateParams['generation_config'];
}

/**
 * Cartesia text-to-speech. `synthesize()` uses the bytes endpoint; `stream()`
 * one websocket context per session, so sentences pushed one by one keep one voice.
 * Audio is requested as PCM16 at the caller's rate (Cartesia renders 8–48 kHz), so
 * the hot path only decodes bytes; an unlisted rate is resampled from the next higher one.
 */
export class CartesiaTts implements TTS {
  readonly specificationVersion = 'v1' as const;
  readonly provider = CARTESIA_VENDOR;
  readonly modelId: string;
  readonly capabilities: TtsCapabilities = {
    incrementalText: true,
    nativeSampleRate: CARTESIA_NATIVE_SAMPLE_RATE,
  };
  readonly #client: CartesiaClient;
  readonly #voice: string;
  readonly #options: CartesiaTtsOptions;
  readonly #timeoutMs: number | undefined;
  readonly #pool: CartesiaSocketPool;

  /** Built by `createCartesia`, which parses the settings and builds the client once. */
  constructor(modelId: string, config: CartesiaTtsConfig) {
    this.#client = config.client;
    this.modelId = modelId;
    this.#voice = config.voice;
    this.#options = config.options ?? {};
    this.#timeoutMs = config.timeoutMs;
    this.#pool =
      config.pool ??
      new CartesiaSocketPool({
        client: config.client,
        baseURL: config.baseURL,
        headers: config.headers,
        maxIdle: config.idleConnections ?? CARTESIA_DEFAULT_IDLE_CONNECTIONS,
        maxIdleMs: CARTESIA_IDLE_CONNECTION_MS,
      });
  }

  synthesize(text: string, options: TtsOptions): AsyncIterable<TtsStreamPart> {
    return this.#synthesize(text, options);
  }

  stream(options: TtsOptions): TtsSession {
    return new CartesiaTtsSession({
      pool: this.#pool,
      fields: this.#check(options),
      maxBufferDelayMs: this.#options.maxBufferDelayMs,
      sampleRate: options.sampleRate,
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
    });
  }

  async *#synthesize(text: string, options: TtsOptions): AsyncGenerator<TtsStreamPart> {
    const fields = this.#check(options);
    if (fields instanceof VendorError) {
      yield { type: 'error', error: fields };
      return;
    }
    const call = startCall(CARTESIA_VENDOR, options.signal, options.timeoutMs ?? this.#timeoutMs);
    const converter = new PcmOutput(fields.output_format.sample_rate, options.sampleRate);
    try {
      if (call.signal.aborted) {
        yield { type: 'error', error: call.abortError() ?? cartesiaErrorToVendorError(call.signal.reason) };
        return;
      }
      if (text.trim() === '') {
        yield { type: 'finish', characters: text.length, audioMs: 0 };
        return;
      }
      const response = await this.#client.tts.generate(
        { ...fields, transcript: text },
        { signal: call.signal },
      );
      const body = response.body;
      if (!body) throw new Error('the response has no body');
      const reader = body.getReader();
      try {
        while (true) {
          const { done, value } = await reader.read();
          if (done) break;
          call.firstByte();
          const frame = converter.push(value);
          // A chunk that was already on its way when the caller aborted is not played.
          if (call.signal.aborted) break;
          if (frame) yield { type: 'audio', frame };
        }
      } finally {
        reader.releaseLock();
      }
      const aborted = call.abortError();
      if (aborted) {
        yield { type: 'error', error: aborted };
        return;
      }
      const tail = converter.flush();
      if (tail) yield { type: 'audio', frame: tail };
      yield { type: 'finish', characters: text.length, audioMs: converter.audioMs };
    } catch (error) {
      yield { type: 'error', error: call.abortError() ?? cartesiaErrorToVendorError(error) };
    } finally {
      call.dispose();
    }
  }

  /** The caller's options, checked, merged with this instance's, as request fields. */
  #check(options: TtsOptions): CartesiaGenerationFields | VendorError {
    const parsed = cartesiaCallOptionsSchema.safeParse({
      sampleRate: options.sampleRate,
      voice: options.voice,
      model: options.model,
      language: options.language,
      speed: options.speed,
    });
    if (!parsed.success) {
      return new VendorError({
        kind: 'bad_request',
        vendor: CARTESIA_VENDOR,
        message: `${CARTESIA_VENDOR}: invalid options: ${parsed.error.issues
          .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
          .join('; ')}`,
      });
    }
    const call = parsed.data;
    const speed = call.speed ?? this.#options.speed;
    const generationConfig = {
      ...(speed !== undefined ? { speed } : {}),
      ...(this.#options.volume !== undefined ? { volume: this.#options.volume } : {}),
      ...(this.#options.emotion !== undefined ? { emotion: this.#options.emotion as Emotion } : {}),
    };
    // The SDK's language and emotion lists are narrower than what the API takes; the API decides.
    // Cartesia takes two-letter codes (`en`, `de`); a BCP-47 tag keeps its primary subtag.
    const requested = call.language ?? this.#options.language;
    const language = requested?.toLowerCase().split(/[-_]/)[0] as CartesiaGenerationFields['language'];
    return {
      model_id: call.model ?? this.modelId,
      voice: call.voice ?? this.#options.voice ?? this.#voice,
      output_format: {
        container: 'raw',
        encoding: 'pcm_s16le',
        sample_rate: cartesiaRateFor(call.sampleRate),
      },
      ...(language !== undefined ? { language } : {}),
      ...(Object.keys(generationConfig).length > 0 ? { generation_config: generationConfig } : {}),
    };
  }
}
