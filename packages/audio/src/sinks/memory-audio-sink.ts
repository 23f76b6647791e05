import type { AudioFrame } from '@bot-backend/interfaces';
import { concatFrames } from '../frame.js';
import { QueuedAudioSink, type QueuedAudioSinkOptions } from './queued-audio-sink.js';

/**
 * Keeps what left it in memory: for tests of code that plays audio (the voice
 * loop, barge-in). With `leadMs` set it paces like a real-time sink, so clear() has a queue to drop.
 */
export class MemoryAudioSink extends QueuedAudioSink {
  /** Frames in the order they left the sink. */
  readonly frames: AudioFrame[] = [];
  /** How many times clear() was called, and how many ms each dropped. */
  readonly clears: number[] = [];
  private closedFlag = false;

  constructor(options: QueuedAudioSinkOptions = {}) {
    super(options);
  }

  /** True once close() finished. */
  get isClosed(): boolean {
    return this.closedFlag;
  }

  /** Everything delivered, as one frame (undefined when nothing left yet). */
  audio(): AudioFrame | undefined {
    return this.frames.length === 0 ? undefined : concatFrames(this.frames);
  }

  protected override deliver(frame: AudioFrame): void {
    this.frames.push(frame);
  }

  protected override onCleared(droppedMs: number): void {
    this.clears.push(droppedMs);
  }

  protected override onClose(): void {
    this.closedFlag = true;
  }
}
