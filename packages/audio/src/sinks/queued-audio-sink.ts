import type { AudioFrame, AudioSink } from '@bot-backend/interfaces';
import { concatFrames, frameDurationMs } from '../frame.js';

export interface QueuedAudioSinkOptions {
  /**
   * How far ahead of real-time playback audio may leave the sink. Audio beyond
   * it stays queued, where clear() can still drop it. Default: Infinity
   * (no pacing; frames leave as fast as the transport takes them).
   */
  leadMs?: number;
  /**
   * Paced audio leaves in messages of up to this much, not frame by frame: once
   * the lead is full the sink waits until it has fallen `batchMs` below it, then
   * sends that much at once, frames of one rate joined into one. Every message
   * is a write on the transport (a system call), and a frame that is not yet due
   * gains nothing from going out alone. The first audio of a reply still leaves
   * as it comes, and the lead grows no further past `leadMs` than one frame, as
   * without batching. Needs `leadMs`; more than `leadMs` counts as `leadMs`. Default 0: frame by frame.
   */
  batchMs?: number;
  /** Playback speed multiple, for tests (10 = ten times real time). Default 1. */
  realtimeFactor?: number;
  /** write() waits while more than this much audio is queued (backpressure). Default 60 000 ms. */
  highWaterMs?: number;
  /** Clock in ms; injectable for tests. Default performance.now. */
  now?: () => number;
}

/** The sink was closed, or its transport failed; no more audio can be written. */
export class AudioSinkClosedError extends Error {
  override readonly name = 'AudioSinkClosedError';
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * The queue, pacing, backpressure and barge-in shared by the sinks. A subclass
 * only says how one frame leaves (`deliver`). Frames wait in a plain array with
 * a moving head, so clear() is O(1) whatever the queue length.
 */
export abstract class QueuedAudioSink implements AudioSink {
  readonly specificationVersion = 'v1' as const;

  private queue: (AudioFrame | undefined)[] = [];
  private head = 0;
  private queuedMsValue = 0;
  private deliveredMsValue = 0;
  private pumping = false;
  private writers: Waiter[] = [];
  private flushers: Waiter[] = [];
  private wake: (() => void) | undefined;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Wall-clock time (ms) at which the listener will have heard everything delivered so far. */
  private playheadEndAt = 0;
  private closing: Promise<void> | undefined;
  private failure: Error | undefined;
  private readonly leadMs: number;
  private readonly batchMs: number;
  private readonly realtimeFactor: number;
  private readonly highWaterMs: number;
  protected readonly now: () => number;

  constructor(options: QueuedAudioSinkOptions = {}) {
    this.leadMs = options.leadMs ?? Number.POSITIVE_INFINITY;
    this.batchMs =
      this.leadMs === Number.POSITIVE_INFINITY ? 0 : Math.max(0, Math.min(options.batchMs ?? 0, this.leadMs));
    this.realtimeFactor = options.realtimeFactor ?? 1;
    this.highWaterMs = options.highWaterMs ?? 60_000;
    this.now = options.now ?? (() => performance.now());
    if (!(this.realtimeFactor > 0)) throw new RangeError('realtimeFactor must be positive');
  }

  /** Send one frame on the transport. Throwing fails the sink. */
  protected abstract deliver(frame: AudioFrame): Promise<void> | void;

  /** Milliseconds to wait before the transport can take another frame (e.g. a full socket buffer). */
  protected transportDelayMs(): number {
    return 0;
  }

  /** Called by every clear(), after the queue was dropped (`droppedMs` may be 0). */
  protected onCleared(_droppedMs: number): void {}

  /** Called by flush() once the queue is empty. */
  protected onDrained(): Promise<void> | void {}

  /** Called once by close() after the last frame left; release the transport here. */
  protected onClose(): Promise<void> | void {}

  get deliveredMs(): number {
    return this.deliveredMsValue;
  }

  /** Milliseconds of audio waiting in the queue. */
  get queuedMs(): number {
    return this.queuedMsValue;
  }

  get closed(): boolean {
    return this.closing !== undefined || this.failure !== undefined;
  }

  write(frame: AudioFrame): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new AudioSinkClosedError('write() after close()'));
    try {
      this.validate(frame);
    } catch (error) {
      return Promise.reject(error);
    }
    if (frame.samples.length === 0) return Promise.resolve();
    this.queue.push(frame);
    this.queuedMsValue += frameDurationMs(frame);
    void this.pump();
    if (this.queuedMsValue <= this.highWaterMs) return Promise.resolve();
    return new Promise((resolve, reject) => this.writers.push({ resolve, reject }));
  }

  /** Throw for a frame this sink cannot take (e.g. a wrong sample rate). */
  protected validate(_frame: AudioFrame): void {}

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending()) await this.whenDrained();
    await this.onDrained();
  }

  clear(): number {
    const dropped = this.queuedMsValue;
    this.queue = [];
    this.head = 0;
    this.queuedMsValue = 0;
    this.settle(this.writers);
    this.writeFlushedIfIdle();
    // A pacing sleep has nothing left to wait for.
    this.wakeUp();
    this.onCleared(dropped);
    return dropped;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.failure) {
        if (this.pending()) await this.whenDrained().catch(() => {});
        if (!this.failure) await this.onDrained();
      }
      await this.onClose();
    })();
    return this.closing;
  }

  /** Resolves once everything queued has left (rejects when the sink fails first). */
  private whenDrained(): Promise<void> {
    const drained = new Promise<void>((resolve, reject) => this.flushers.push({ resolve, reject }));
    // A pacing sleep that waits for a whole batch ends now: the rest goes as it comes due.
    if (this.batchMs > 0) this.wakeUp();
    return drained;
  }

  private pending(): boolean {
    return this.head < this.queue.length || this.pumping;
  }

  private pacingDelayMs(): number {
    if (this.leadMs === Number.POSITIVE_INFINITY) return 0;
    const ahead = this.playheadEndAt - this.now();
    return ahead - this.leadMs / this.realtimeFactor;
  }

  /** Resolves true when the time ran out, false when wakeUp() ended the sleep. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      this.wake = () => resolve(false);
      this.wakeTimer = setTimeout(() => resolve(true), Math.max(1, Math.ceil(ms)));
    });
  }

  private wakeUp(): void {
    if (this.wakeTimer !== undefined) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.head < this.queue.length && !this.failure) {
        const pacing = this.pacingDelayMs();
        // Batching, a lead the next frame would overfill is left to fall a whole batch below the limit,
        // so the next message carries a batch. A flushed turn's last batch (all that is queued) leaves as
        // it comes due, so its end leaves when it would have. Only the last: a player awaits flush()
        // from a reply's first frame on, while its TTS is still writing.
        const tail = this.flushers.length > 0 && this.queuedMsValue <= this.batchMs;
        const hysteresis = tail ? 0 : this.batchMs / this.realtimeFactor;
        const over =
          hysteresis > 0 ? pacing + frameDurationMs(this.queue[this.head]!) / this.realtimeFactor : pacing;
        const wait = over > 0 ? pacing + hysteresis : this.transportDelayMs();
        if (wait > 0) {
          // A timer can fire early by this clock: it counts from the event loop's cached time, which lags
          // while a busy loop runs callbacks. Woken early, the lead has not fallen a whole batch yet and the
          // message would carry less, so an early timer sleeps on to its time (wakeUp() still ends it).
          const due = this.now() + wait;
          let timedOut = await this.sleep(wait);
          while (timedOut && this.now() < due) timedOut = await this.sleep(due - this.now());
          continue;
        }
        const frame = this.takeDue(-pacing * this.realtimeFactor);
        const ms = frameDurationMs(frame);
        this.queuedMsValue = Math.max(0, this.queuedMsValue - ms);
        if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
        await this.deliver(frame);
        this.deliveredMsValue += ms;
        const now = this.now();
        this.playheadEndAt = Math.max(now, this.playheadEndAt) + ms / this.realtimeFactor;
        if (this.queuedMsValue <= this.highWaterMs) this.settle(this.writers);
      }
    } catch (error) {
      this.fail(error instanceof Error ? error : new AudioSinkClosedError(String(error)));
    } finally {
      this.pumping = false;
      this.writeFlushedIfIdle();
    }
    // A write that landed while the last frame was in flight.
    if (this.head < this.queue.length && !this.failure) void this.pump();
  }

  /**
   * Takes the next frame off the queue, joined with the queued frames after it
   * of the same rate up to `batchMs` in all and within `roomMs`, the audio the
   * lead still has room for (the head frame alone when batching is off or
   * nothing that fits follows). The head frame goes whatever its length, as
   * it would alone.
   */
  private takeDue(roomMs: number): AudioFrame {
    const first = this.queue[this.head]!;
    this.queue[this.head] = undefined;
    this.head++;
    if (this.batchMs === 0) return first;
    const limit = Math.min(this.batchMs, roomMs);
    let total = frameDurationMs(first);
    let end = this.head;
    for (; end < this.queue.length; end++) {
      const next = this.queue[end]!;
      if (next.sampleRate !== first.sampleRate) break;
      const ms = frameDurationMs(next);
      if (total + ms > limit) break;
      total += ms;
    }
    if (end === this.head) return first;
    const frames = [first, ...(this.queue.slice(this.head, end) as AudioFrame[])];
    this.queue.fill(undefined, this.head, end);
    this.head = end;
    return concatFrames(frames);
  }

  private writeFlushedIfIdle(): void {
    if (!this.pending()) this.settle(this.flushers);
  }

  /** Stop for good: the transport is gone. Queued audio is dropped and waiters are rejected. */
  protected fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.queue = [];
    this.head = 0;
    this.queuedMsValue = 0;
    const waiters = [...this.writers, ...this.flushers];
    this.writers = [];
    this.flushers = [];
    for (const waiter of waiters) waiter.reject(error);
    this.wakeUp();
  }

  private settle(list: Waiter[]): void {
    if (list.length === 0) return;
    const waiters = list.splice(0, list.length);
    for (const waiter of waiters) waiter.resolve();
  }
}
