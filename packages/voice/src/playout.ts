import { frameDurationMs } from '@bot-backend/audio';
import type { AudioFrame, AudioSink } from '@bot-backend/interfaces';

/**
 * One agent reply on its way to the listener. Keeps the reply's frames so a
 * pause (the candidate made a sound) can be undone: resume() re-sends from
 * the last audio that left the sink, while stop() ends the reply for good.
 * What was heard is what left the sink, not what was generated.
 */
export class Playout {
  private readonly frames: AudioFrame[] = [];
  private readonly startsMs: number[] = [];
  private totalMs = 0;
  private nextIndex = 0;
  private paused = false;
  private stopped = false;
  private deliveredAtStart: number;
  private heardAtPause: number | undefined;
  private pumping: Promise<void> = Promise.resolve();
  private firstWrite: (() => void) | undefined;
  private firstPush: (() => void) | undefined;
  private onFirstWrite: (() => void) | undefined;
  private stateChanged: (() => void) | undefined;
  /** A frame of this reply left for the sink: the listener may have heard it. */
  private wrote = false;
  readonly firstAudio: Promise<void>;
  /** The first frame is here (held or not): the reply can start without waiting for its TTS. */
  readonly firstFrame: Promise<void>;

  /** Held: frames are kept, none leaves until release() (a reply prepared before it may be played). */
  private held: boolean;

  constructor(
    private readonly sink: AudioSink,
    /** Audio that left the sink but may still sit in the listener's buffer. */
    private readonly unplayedLeadMs = 0,
    options: {
      held?: boolean;
      /** Called just before the first frame goes to the sink (what goes with the sound goes first). */
      onFirstWrite?: () => void;
    } = {},
  ) {
    this.held = options.held ?? false;
    this.onFirstWrite = options.onFirstWrite;
    this.deliveredAtStart = sink.deliveredMs;
    this.firstAudio = new Promise((resolve) => {
      this.firstWrite = resolve;
    });
    this.firstFrame = new Promise((resolve) => {
      this.firstPush = resolve;
    });
  }

  /** Some of this reply left for the sink (a reply withdrawn before that was never heard). */
  get started(): boolean {
    return this.wrote;
  }

  /** Milliseconds of this reply the listener could have heard. */
  get heardMs(): number {
    if (this.heardAtPause !== undefined) return this.heardAtPause;
    const delivered = this.sink.deliveredMs - this.deliveredAtStart;
    const stillPlaying = this.nextIndex >= this.frames.length ? 0 : this.unplayedLeadMs;
    return Math.max(0, Math.min(this.totalMs, delivered - stillPlaying));
  }

  get generatedMs(): number {
    return this.totalMs;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  push(frame: AudioFrame): void {
    if (this.stopped || frame.samples.length === 0) return;
    this.startsMs.push(this.totalMs);
    this.frames.push(frame);
    this.totalMs += frameDurationMs(frame);
    this.firstPush?.();
    this.firstPush = undefined;
    if (!this.paused && !this.held) this.pump();
  }

  /** A held reply may be played now: what it buffered leaves first. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    // What the sink delivered before, someone else's audio, was not this reply.
    this.deliveredAtStart = this.sink.deliveredMs;
    if (!this.paused && !this.stopped) this.pump();
    this.notify();
  }

  /** Silence now, keeping the position (a possible false interruption). */
  pause(): void {
    if (this.paused || this.stopped) return;
    this.paused = true;
    const heard = this.heardMs;
    if (this.wrote) this.sink.clear();
    this.heardAtPause = heard;
  }

  /** The sound was not an interruption: continue from where the listener was. */
  resume(): void {
    if (!this.paused || this.stopped) return;
    const from = this.heardAtPause ?? 0;
    this.heardAtPause = undefined;
    this.paused = false;
    // Restart at the frame holding the resume point (a few ms may repeat).
    let index = this.startsMs.findIndex((start, i) => start + frameDurationMs(this.frames[i]!) > from);
    if (index < 0) index = this.frames.length;
    this.nextIndex = index;
    this.pump();
    this.notify();
  }

  /** The reply is over (barge-in): drop what is queued. Returns the ms heard. */
  stop(): number {
    if (this.stopped) return this.heardMs;
    const heard = this.heardMs;
    this.stopped = true;
    this.paused = true;
    this.heardAtPause = heard;
    // A reply stopped before any of it left (held, or still waiting for its first frame) has nothing to clear.
    if (this.wrote) this.sink.clear();
    this.notify();
    return heard;
  }

  /** Resolves once every frame pushed so far has left the sink, or the reply stopped. A pause waits for resume or stop, a hold for release or stop. */
  async drained(): Promise<void> {
    for (;;) {
      await this.pumping;
      if (this.stopped) return;
      if (this.paused || this.held) {
        await new Promise<void>((resolve) => {
          this.stateChanged = resolve;
        });
        continue;
      }
      await this.sink.flush();
      // A pause during the flush cleared the sink (and a resume may have come before we woke): wait again.
      if (this.stopped || (!this.paused && this.nextIndex >= this.frames.length)) return;
    }
  }

  private notify(): void {
    const wake = this.stateChanged;
    this.stateChanged = undefined;
    wake?.();
  }

  private pump(): void {
    this.pumping = this.pumping.then(async () => {
      while (!this.paused && !this.stopped && this.nextIndex < this.frames.length) {
        const frame = this.frames[this.nextIndex++]!;
        this.wrote = true;
        this.onFirstWrite?.();
        this.onFirstWrite = undefined;
        this.firstWrite?.();
        this.firstWrite = undefined;
        await this.sink.write(frame).catch(() => {
          this.stopped = true;
        });
      }
    });
  }
}
