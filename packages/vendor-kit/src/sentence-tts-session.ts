import type { TtsSession, TtsStreamPart } from '@bot-backend/interfaces';
import { PartQueue } from './part-queue.js';

/** One whole-text synthesis (a vendor's `synthesize()` with the session's options bound). */
export type SynthesizeText = (text: string, signal: AbortSignal) => AsyncIterable<TtsStreamPart>;

/**
 * Incremental synthesis for a vendor without a text-streaming context (or
 * with it turned off): each pushed text is synthesized in order, one request
 * each, with the same voice and options, and the frames come out as one stream
 * ending with a single `finish` that sums the requests. An error part ends it;
 * close() or the signal aborts the request in flight and nothing more is read.
 */
export class SentenceTtsSession implements TtsSession {
  private readonly parts = new PartQueue<TtsStreamPart>(() => void this.close());
  private readonly texts: string[] = [];
  private readonly controller = new AbortController();
  private wake: (() => void) | undefined;
  private ended = false;
  private closed = false;
  private characters = 0;
  private audioMs = 0;
  private readonly done: Promise<void>;
  private readonly onAbort = () => void this.close();

  constructor(
    private readonly synthesize: SynthesizeText,
    private readonly signal?: AbortSignal | undefined,
  ) {
    if (signal?.aborted) this.closed = true;
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.done = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<TtsStreamPart> {
    return this.parts[Symbol.asyncIterator]();
  }

  pushText(text: string): void {
    if (this.ended || this.closed || text.trim().length === 0) return;
    this.texts.push(text);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.controller.abort();
      // Barge-in: audio not yet read is not played.
      this.parts.abort();
      this.wake?.();
    }
    await this.done;
  }

  private async run(): Promise<void> {
    try {
      while (!this.closed) {
        const text = this.texts.shift();
        if (text === undefined) {
          if (this.ended) {
            this.parts.push({ type: 'finish', characters: this.characters, audioMs: this.audioMs });
            return;
          }
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
          this.wake = undefined;
          continue;
        }
        for await (const part of this.synthesize(text, this.controller.signal)) {
          if (this.closed) break;
          if (part.type === 'finish') {
            this.characters += part.characters;
            this.audioMs += part.audioMs;
          } else {
            this.parts.push(part);
            if (part.type === 'error') return;
          }
        }
      }
    } finally {
      this.parts.end();
      this.signal?.removeEventListener('abort', this.onAbort);
    }
  }
}
