import { frameDurationMs, QueuedAudioSink } from '@bot-backend/audio';
import type { AudioFrame } from '@bot-backend/interfaces';

/** When the interviewer's audio played, in wall ms on the run's clock. */
export interface PlayedInterval {
  startMs: number;
  endMs: number;
}

/**
 * The candidate's ears: paced like a loudspeaker (the interviewer's speech is already time-compressed),
 * it records when interviewer audio was playing and tells the candidate when
 * the interviewer starts to speak.
 */
export class RecordingSink extends QueuedAudioSink {
  readonly played: PlayedInterval[] = [];
  readonly clearedAt: number[] = [];

  constructor(
    private readonly options: {
      leadMs: number;
      clock: () => number;
      /** Gap (wall ms) after which new audio is a new onset. */
      onsetGapMs: number;
      onOnset: (atMs: number) => void;
    },
  ) {
    super({ leadMs: options.leadMs, now: options.clock });
  }

  protected override deliver(frame: AudioFrame): void {
    const now = this.options.clock();
    const ms = frameDurationMs(frame);
    const last = this.played.at(-1);
    if (last && last.endMs + this.options.onsetGapMs >= now) {
      last.endMs = Math.max(last.endMs, now) + ms;
      return;
    }
    this.played.push({ startMs: now, endMs: now + ms });
    this.options.onOnset(now);
  }

  /** Wall ms until what was sent here has finished playing (what left the queue, then what waits in it). */
  unplayedMs(): number {
    const last = this.played.at(-1);
    const playing = last ? Math.max(0, last.endMs - this.options.clock()) : 0;
    return playing + this.queuedMs;
  }

  protected override onCleared(): void {
    const now = this.options.clock();
    this.clearedAt.push(now);
    const last = this.played.at(-1);
    if (last && last.endMs > now) last.endMs = Math.max(last.startMs, now);
  }
}
