import type { AudioFrame } from '@bot-backend/interfaces';
import { int16ToBase64 } from '../pcm.js';
import { AudioTurns } from './audio-turns.js';
import { QueuedAudioSink, type QueuedAudioSinkOptions } from './queued-audio-sink.js';

/** Where SSE text goes: a Node response, Hono's `stream`, or anything with write(string). */
export interface SseWriter {
  write(chunk: string): Promise<unknown> | unknown;
}

export interface SseAudioSinkOptions extends QueuedAudioSinkOptions {
  writer: SseWriter;
  /** Makes turn ids when none was set with beginTurn(). */
  turnId?: () => string;
}

/**
 * Audio out as Server-Sent Events (the original's SSE audio-out):
 * `event: audio_start` with `{"turnId","sampleRate"}`, then one
 * `event: audio` per frame whose data is base64 PCM16 little-endian,
 * then `event: audio_end` with `{"turnId"}`. Paced like the WebSocket sink.
 */
export class SseAudioSink extends QueuedAudioSink {
  private readonly writer: SseWriter;
  private readonly turns: AudioTurns;
  /** Events are written one at a time, in order, even the ones clear() sends. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(options: SseAudioSinkOptions) {
    super({ leadMs: 250, ...options });
    this.writer = options.writer;
    this.turns = new AudioTurns(options.turnId);
  }

  beginTurn(turnId: string): void {
    this.turns.setNext(turnId);
  }

  get currentTurnId(): string | undefined {
    return this.turns.current;
  }

  protected override async deliver(frame: AudioFrame): Promise<void> {
    const step = this.turns.beforeFrame(frame.sampleRate);
    let text = '';
    if (step.end !== undefined) text += sseEvent('audio_end', JSON.stringify({ turnId: step.end }));
    if (step.start) text += sseEvent('audio_start', JSON.stringify(step.start));
    text += sseEvent('audio', int16ToBase64(frame.samples));
    await this.enqueue(text);
  }

  protected override onCleared(): void {
    const turnId = this.turns.end();
    if (turnId !== undefined)
      void this.enqueue(sseEvent('audio_end', JSON.stringify({ turnId }))).catch(() => {});
  }

  protected override async onDrained(): Promise<void> {
    const turnId = this.turns.end();
    if (turnId !== undefined) await this.enqueue(sseEvent('audio_end', JSON.stringify({ turnId })));
    else await this.chain;
  }

  private enqueue(text: string): Promise<unknown> {
    const next = this.chain.then(() => this.writer.write(text));
    this.chain = next.catch(() => {});
    return next;
  }
}

/** One SSE message; data lines may not contain newlines, which base64 and our JSON never do. */
export function sseEvent(event: string, data: string): string {
  return `event: ${event}\ndata: ${data}\n\n`;
}
