import type { TtsSession, TtsStreamPart } from '@bot-backend/interfaces';
import { PartQueue, stopError } from '@bot-backend/vendor-kit';

export type SynthesizeOne = (text: string, signal: AbortSignal) => AsyncIterable<TtsStreamPart>;

/** Sentences are synthesized in order as they are pushed; close() cancels the one in flight. */
export class SpeechSession implements TtsSession {
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
    this.#parts.abort({ type: 'error', error: stopError(this.#vendor, 'cancelled') });
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
