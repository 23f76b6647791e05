import { randomUUID } from 'node:crypto';
import type { AudioFrame, STT, SttOptions, SttSession, SttStreamPart } from '@bot-backend/interfaces';
import { type APIConnectOptions, DEFAULT_API_CONNECT_OPTIONS, mergeFrames, stt } from '@livekit/agents';
import type { AudioFrame as RtcAudioFrame } from '@livekit/rtc-node';
import { toLiveKitError } from './livekit-errors.js';
import { fromLiveKitFrame } from './livekit-frames.js';

export interface LiveKitSttOptions {
  /** Rate our STT receives; LiveKit resamples pushed frames to it. Default 16 000. */
  sampleRate?: number;
  /** BCP-47; also the `language` of LiveKit's SpeechData. Default `en`. */
  language?: string;
  model?: string;
  interimResults?: boolean;
  endpointingMs?: number;
  keywords?: readonly string[];
}

type SpeechData = stt.SpeechData;

/**
 * Any of our STT capabilities as a LiveKit `stt.STT`, usable in
 * `voice.AgentSession({ stt })`. Streaming goes through our `stream()` session;
 * `recognize()` through `transcribe()`.
 */
export class LiveKitStt extends stt.STT {
  label: string;
  readonly inner: STT;
  readonly options: Required<Pick<LiveKitSttOptions, 'sampleRate' | 'language'>> & LiveKitSttOptions;

  constructor(inner: STT, options: LiveKitSttOptions = {}) {
    super({
      // A non-streaming vendor's session buffers until flush(); wrap it in stt.StreamAdapter with a VAD.
      streaming: inner.capabilities.streaming,
      interimResults: inner.capabilities.interimResults && options.interimResults !== false,
      alignedTranscript: inner.capabilities.wordTimings ? 'word' : false,
    });
    this.inner = inner;
    this.label = `bot-backend.${inner.provider}.STT`;
    this.options = { sampleRate: 16_000, language: 'en', ...options };
  }

  override get model(): string {
    return this.options.model ?? this.inner.modelId;
  }

  override get provider(): string {
    return this.inner.provider;
  }

  protected async _recognize(
    buffer: RtcAudioFrame | RtcAudioFrame[],
    abortSignal?: AbortSignal,
  ): Promise<stt.SpeechEvent> {
    const audio = fromLiveKitFrame(mergeFrames(buffer));
    let result: Awaited<ReturnType<STT['transcribe']>>;
    try {
      result = await this.inner.transcribe(audio, {
        language: this.options.language,
        model: this.options.model,
        keywords: this.options.keywords,
        signal: abortSignal,
      });
    } catch (error) {
      throw toLiveKitError(error);
    }
    const durationSec = audio.samples.length / audio.sampleRate;
    return {
      type: stt.SpeechEventType.FINAL_TRANSCRIPT,
      requestId: randomUUID(),
      alternatives: [
        {
          language: (result.language ?? this.options.language) as SpeechData['language'],
          text: result.text,
          startTime: 0,
          endTime: result.durationMs === undefined ? durationSec : result.durationMs / 1000,
          confidence: result.confidence ?? 0,
        },
      ],
    };
  }

  stream(options?: { connOptions?: APIConnectOptions }): LiveKitSpeechStream {
    return new LiveKitSpeechStream(this, options?.connOptions ?? DEFAULT_API_CONNECT_OPTIONS);
  }
}

/** Audio kept for a retry: what no final has covered yet, at most this much. */
const MAX_UNCONFIRMED_MS = 30_000;

interface SentFrame {
  frame: AudioFrame;
  /** Position in the stream's audio (ms), across sessions. */
  startMs: number;
  endMs: number;
}

/**
 * One LiveKit speech stream over our STT sessions. Input frames are read by one
 * pump for the stream's whole life and handed to the current session, so a
 * retried `run()` (after a retryable vendor error) gets every later frame and
 * no two readers ever compete for LiveKit's input queue. Audio that no final
 * has covered yet is kept (up to 30 s) and sent again to the next session, so
 * a failed connection loses no speech; times stay those of the whole stream.
 */
export class LiveKitSpeechStream extends stt.SpeechStream {
  label: string;
  readonly #owner: LiveKitStt;
  #session: SttSession | undefined;
  #pump: Promise<void> | undefined;
  #inputEnded = false;
  #held: AudioFrame[] = [];
  #flushHeld = false;
  #requestId = randomUUID();
  /** Audio received so far (ms), each frame counted once. */
  #streamMs = 0;
  /** Where the current session's audio starts in the stream (ms). */
  #sessionBaseMs = 0;
  #unconfirmed: SentFrame[] = [];

  constructor(owner: LiveKitStt, connOptions: APIConnectOptions) {
    super(owner, owner.options.sampleRate, connOptions);
    this.#owner = owner;
    this.label = `bot-backend.${owner.provider}.SpeechStream`;
  }

  protected async run(): Promise<void> {
    const options = this.#owner.options;
    const sttOptions: SttOptions = {
      sampleRate: options.sampleRate,
      language: options.language,
      model: options.model,
      interimResults: options.interimResults,
      endpointingMs: options.endpointingMs,
      keywords: options.keywords,
      signal: this.abortSignal,
    };
    const session = this.#owner.inner.stream(sttOptions);
    this.#session = session;
    // A retry: first the audio the failed session never turned into finals, then what waited.
    this.#sessionBaseMs = this.#unconfirmed[0]?.startMs ?? this.#streamMs;
    for (const sent of this.#unconfirmed) session.push(sent.frame);
    for (const frame of this.#held.splice(0)) this.send(session, frame);
    if (this.#flushHeld) session.finalize();
    this.#flushHeld = false;
    this.#pump ??= this.pumpFrames();
    if (this.#inputEnded) void session.close();
    try {
      for await (const part of session) {
        if (part.type === 'finish') break;
        if (part.type === 'error') throw toLiveKitError(part.error);
        if (part.type === 'transcript-final') this.confirm(part.endMs);
        else if (part.type === 'end-of-turn') this.confirm(part.atMs);
        const event = this.toEvent(part);
        if (event !== undefined && !this.queue.closed) this.queue.put(event);
      }
    } finally {
      this.#session = undefined;
      await session.close().catch(() => {});
    }
  }

  private send(session: SttSession, frame: AudioFrame): void {
    session.push(frame);
    const ms = (frame.samples.length / frame.sampleRate) * 1000;
    this.#unconfirmed.push({ frame, startMs: this.#streamMs, endMs: this.#streamMs + ms });
    this.#streamMs += ms;
    while (
      this.#unconfirmed.length > 0 &&
      this.#streamMs - this.#unconfirmed[0]!.startMs > MAX_UNCONFIRMED_MS
    ) {
      this.#unconfirmed.shift();
    }
  }

  /** A final covers the session's audio up to `sessionMs`: it will not be needed again. */
  private confirm(sessionMs: number): void {
    const upTo = this.#sessionBaseMs + sessionMs;
    while (this.#unconfirmed.length > 0 && this.#unconfirmed[0]!.endMs <= upTo) this.#unconfirmed.shift();
  }

  private async pumpFrames(): Promise<void> {
    for await (const item of this.input) {
      const session = this.#session;
      if (typeof item === 'symbol') {
        if (session) session.finalize();
        else this.#flushHeld = true;
      } else if (session) {
        this.send(session, fromLiveKitFrame(item));
      } else {
        this.#held.push(fromLiveKitFrame(item));
      }
    }
    this.#inputEnded = true;
    await this.#session?.close();
  }

  private toEvent(part: Exclude<SttStreamPart, { type: 'finish' | 'error' }>): stt.SpeechEvent | undefined {
    const offset = this.#sessionBaseMs / 1000;
    const language = this.#owner.options.language as SpeechData['language'];
    switch (part.type) {
      case 'speech-start':
        return { type: stt.SpeechEventType.START_OF_SPEECH, requestId: this.#requestId };
      case 'transcript-partial':
      case 'transcript-final':
        return {
          type:
            part.type === 'transcript-final'
              ? stt.SpeechEventType.FINAL_TRANSCRIPT
              : stt.SpeechEventType.INTERIM_TRANSCRIPT,
          requestId: this.#requestId,
          alternatives: [
            {
              language,
              text: part.text,
              startTime: offset + part.startMs / 1000,
              endTime: offset + part.endMs / 1000,
              confidence: part.confidence ?? 0,
            },
          ],
        };
      case 'end-of-turn':
        return {
          type: stt.SpeechEventType.END_OF_SPEECH,
          requestId: this.#requestId,
          alternatives: [
            {
              language,
              text: part.text,
              startTime: offset,
              endTime: offset + part.atMs / 1000,
              confidence: 0,
            },
          ],
        };
    }
  }
}
