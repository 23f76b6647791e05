import {
  type AudioFrame,
  type SttSession,
  type SttStreamPart,
  type SttTranscript,
  VendorError,
  withFields,
} from '@bot-backend/interfaces';
import { stopError } from './call-control.js';
import { PartQueue } from './part-queue.js';

/** Transcribes one turn's audio; rejects with VendorError. */
export type TranscribeTurn = (audio: AudioFrame, signal: AbortSignal) => Promise<SttTranscript>;

/**
 * stream() for a whole-utterance vendor: frames are buffered until finalize(),
 * then the turn is transcribed in one request and comes out as one
 * transcript-final followed by end-of-turn. Turns are transcribed in order.
 */
export class BufferedSttSession implements SttSession {
  readonly #vendor: string;
  readonly #sampleRate: number;
  readonly #transcribe: TranscribeTurn;
  readonly #parts = new PartQueue<SttStreamPart>();
  readonly #controller = new AbortController();
  readonly #signal: AbortSignal | undefined;
  #buffered: Int16Array[] = [];
  #bufferedSamples = 0;
  /** Samples of the session before the buffered turn: turn times are session times. */
  #sessionSamples = 0;
  #turns: Promise<void> = Promise.resolve();
  #failed = false;
  #closing: Promise<void> | undefined;

  constructor(options: {
    vendor: string;
    sampleRate: number;
    signal?: AbortSignal | undefined;
    transcribe: TranscribeTurn;
  }) {
    this.#vendor = options.vendor;
    this.#sampleRate = options.sampleRate;
    this.#transcribe = options.transcribe;
    this.#signal = options.signal;
    if (options.signal?.aborted) this.#cancel();
    else options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  push(frame: AudioFrame): void {
    if (this.#failed || this.#closing) return;
    this.#buffered.push(frame.samples);
    this.#bufferedSamples += frame.samples.length;
  }

  finalize(): void {
    if (this.#failed || this.#bufferedSamples === 0) return;
    const samples = new Int16Array(this.#bufferedSamples);
    let offset = 0;
    for (const chunk of this.#buffered) {
      samples.set(chunk, offset);
      offset += chunk.length;
    }
    const startMs = (this.#sessionSamples * 1000) / this.#sampleRate;
    this.#sessionSamples += samples.length;
    const endMs = (this.#sessionSamples * 1000) / this.#sampleRate;
    this.#buffered = [];
    this.#bufferedSamples = 0;
    const audio: AudioFrame = { samples, sampleRate: this.#sampleRate };
    this.#turns = this.#turns.then(() => this.#runTurn(audio, startMs, endMs));
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      // Flush: audio pushed since the last finalize() is one more turn.
      this.finalize();
      await this.#turns;
      this.#signal?.removeEventListener('abort', this.#onAbort);
      if (!this.#failed) this.#parts.push({ type: 'finish' });
      this.#parts.end();
      this.#controller.abort();
    })();
    return this.#closing;
  }

  [Symbol.asyncIterator](): AsyncIterator<SttStreamPart> {
    return this.#parts[Symbol.asyncIterator]();
  }

  async #runTurn(audio: AudioFrame, startMs: number, endMs: number): Promise<void> {
    if (this.#failed) return;
    try {
      const transcript = await this.#transcribe(audio, this.#controller.signal);
      if (this.#failed) return;
      const text = transcript.text.trim();
      if (text !== '') {
        this.#parts.push({
          type: 'transcript-final',
          text,
          words: transcript.words.map((word) =>
            withFields(word, { startMs: word.startMs + startMs, endMs: word.endMs + startMs }),
          ),
          confidence: transcript.confidence,
          startMs,
          endMs,
        });
      }
      this.#parts.push({ type: 'end-of-turn', atMs: endMs, text });
    } catch (error) {
      if (this.#failed) return;
      this.#fail(
        VendorError.isInstance(error)
          ? error
          : new VendorError({
              kind: 'unavailable',
              vendor: this.#vendor,
              message: String(error),
              cause: error,
            }),
      );
    }
  }

  readonly #onAbort = () => this.#cancel();

  /** Cancellation drops parts not yet read: nothing of the session may follow the abort. */
  #cancel(): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#parts.abort({ type: 'error', error: stopError(this.#vendor, 'cancelled') });
    this.#controller.abort();
  }

  /** An error part ends the session: nothing follows it. */
  #fail(error: VendorError): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#parts.push({ type: 'error', error });
    this.#parts.end();
    this.#controller.abort();
  }
}
