import { randomUUID } from 'node:crypto';
import type { AudioFrame, TTS, TtsOptions, TtsSession, TtsStreamPart } from '@bot-backend/interfaces';
import { type APIConnectOptions, DEFAULT_API_CONNECT_OPTIONS, isAPIError, tts } from '@livekit/agents';
import { toLiveKitError } from './livekit-errors.js';
import { toLiveKitFrame } from './livekit-frames.js';

export interface LiveKitTtsOptions {
  /** Rate of the frames handed to LiveKit; our vendors resample at their edge. Default 24 000. */
  sampleRate?: number;
  voice?: string;
  model?: string;
  language?: string;
  speed?: number;
}

/**
 * Puts a vendor's audio parts into a LiveKit queue. One frame is held back so
 * the last frame of a segment goes out with `final: true`.
 */
async function forwardAudio(
  parts: AsyncIterable<TtsStreamPart>,
  put: (audio: tts.SynthesizedAudio) => void,
  ids: { requestId: string; segmentId: string },
  onFirstAudio?: () => void,
): Promise<void> {
  let held: AudioFrame | undefined;
  for await (const part of parts) {
    if (part.type === 'error') throw toLiveKitError(part.error);
    if (part.type === 'finish') break;
    if (part.frame.samples.length === 0) continue;
    if (held) put({ ...ids, frame: toLiveKitFrame(held), final: false });
    else onFirstAudio?.();
    held = part.frame;
  }
  if (held) put({ ...ids, frame: toLiveKitFrame(held), final: true });
}

/**
 * Any of our TTS capabilities as a LiveKit `tts.TTS`. `stream()` keeps one of
 * our TTS sessions (one voice context) per flushed segment; `synthesize()` is
 * one whole-text call.
 */
export class LiveKitTts extends tts.TTS {
  label: string;
  readonly inner: TTS;
  readonly options: LiveKitTtsOptions & { sampleRate: number };

  constructor(inner: TTS, options: LiveKitTtsOptions = {}) {
    const sampleRate = options.sampleRate ?? 24_000;
    super(sampleRate, 1, { streaming: true });
    this.inner = inner;
    this.label = `bot-backend.${inner.provider}.TTS`;
    this.options = { ...options, sampleRate };
  }

  override get model(): string {
    return this.options.model ?? this.inner.modelId;
  }

  override get provider(): string {
    return this.inner.provider;
  }

  /** Our per-call options, with the signal that must abort the vendor request. */
  ttsOptions(signal: AbortSignal): TtsOptions {
    const { sampleRate, voice, model, language, speed } = this.options;
    return { sampleRate, voice, model, language, speed, signal };
  }

  synthesize(text: string, connOptions?: APIConnectOptions, abortSignal?: AbortSignal): LiveKitChunkedStream {
    return new LiveKitChunkedStream(this, text, connOptions ?? DEFAULT_API_CONNECT_OPTIONS, abortSignal);
  }

  stream(options?: { connOptions?: APIConnectOptions }): LiveKitSynthesizeStream {
    return new LiveKitSynthesizeStream(this, options?.connOptions ?? DEFAULT_API_CONNECT_OPTIONS);
  }
}

export class LiveKitChunkedStream extends tts.ChunkedStream {
  label: string;
  readonly #owner: LiveKitTts;
  readonly #connOptions: APIConnectOptions;
  #attempts = 0;

  constructor(owner: LiveKitTts, text: string, connOptions: APIConnectOptions, abortSignal?: AbortSignal) {
    super(text, owner, connOptions, abortSignal);
    this.#owner = owner;
    this.#connOptions = connOptions;
    this.label = `bot-backend.${owner.provider}.ChunkedStream`;
  }

  protected async run(): Promise<void> {
    this.#attempts += 1;
    const requestId = randomUUID();
    try {
      const parts = this.#owner.inner.synthesize(this.inputText, this.#owner.ttsOptions(this.abortSignal));
      await forwardAudio(
        parts,
        (audio) => {
          if (!this.queue.closed) this.queue.put(audio);
        },
        { requestId, segmentId: requestId },
      );
    } catch (error) {
      const mapped = toLiveKitError(error);
      const lastAttempt = this.#attempts > this.#connOptions.maxRetry;
      if (isAPIError(mapped) && mapped.retryable && !lastAttempt) throw mapped;
      if (this.abortSignal.aborted) return;
      // @livekit/agents 1.9 leaves a ChunkedStream's final failure as an unhandled
      // rejection (a crash under Node's default policy): report it as its base would, then end.
      this.#owner.emit('error', {
        type: 'tts_error',
        timestamp: Date.now(),
        label: this.#owner.label,
        error: mapped instanceof Error ? mapped : new Error(String(mapped)),
        recoverable: false,
      });
    }
  }
}

/**
 * Text arrives with pushText(); each flush() closes a segment: the segment's
 * session is ended, its audio forwarded, then END_OF_STREAM. Text of the next
 * segment waits in LiveKit's input queue meanwhile, so segments never overlap.
 * When a retryable vendor error makes LiveKit retry `run()`, the unfinished
 * segment's text (already read from the input) is synthesized again first.
 */
export class LiveKitSynthesizeStream extends tts.SynthesizeStream {
  label: string;
  readonly #owner: LiveKitTts;
  /** Text of the segment under way; cleared once its audio is all out. */
  #segmentText: string[] = [];
  /** The unfinished segment had been flushed when the attempt failed. */
  #segmentFlushed = false;

  constructor(owner: LiveKitTts, connOptions: APIConnectOptions) {
    super(owner, connOptions);
    this.#owner = owner;
    this.label = `bot-backend.${owner.provider}.SynthesizeStream`;
  }

  protected async run(): Promise<void> {
    const requestId = randomUUID();
    let segment: { session: TtsSession; forwarding: Promise<void> } | undefined;
    const put = (audio: tts.SynthesizedAudio | typeof tts.SynthesizeStream.END_OF_STREAM) => {
      if (!this.queue.closed) this.queue.put(audio);
    };
    const open = () => {
      this.markStarted();
      const session = this.#owner.inner.stream(this.#owner.ttsOptions(this.abortSignal));
      const forwarding = forwardAudio(session, put, { requestId, segmentId: randomUUID() });
      // Surfaces at the segment's end; until then keep it from being an unhandled rejection.
      forwarding.catch(() => {});
      return { session, forwarding };
    };
    const endSegment = async () => {
      if (!segment) return;
      const current = segment;
      segment = undefined;
      this.#segmentFlushed = true;
      current.session.end();
      await current.forwarding;
      this.#segmentText = [];
      this.#segmentFlushed = false;
      put(tts.SynthesizeStream.END_OF_STREAM);
    };
    try {
      if (this.#segmentText.length > 0) {
        segment = open();
        for (const text of this.#segmentText) segment.session.pushText(text);
        if (this.#segmentFlushed) await endSegment();
      }
      for await (const item of this.input) {
        if (typeof item === 'symbol') {
          await endSegment();
          continue;
        }
        if (item.length === 0) continue;
        segment ??= open();
        this.#segmentText.push(item);
        segment.session.pushText(item);
      }
      await endSegment();
    } finally {
      await segment?.session.close().catch(() => {});
    }
  }
}
