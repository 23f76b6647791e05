import { QueuedAudioSink } from '@bot-backend/audio';
import type { AudioFrame } from '@bot-backend/interfaces';
import { toLiveKitFrame } from '@bot-backend/livekit-adapters';
import { AudioSource, LocalAudioTrack } from '@livekit/rtc-node';

export interface LiveKitTrackSinkOptions {
  /** Rate of the frames written (and of the published track). */
  sampleRate: number;
  /** The track's name in the room. Default `agent-voice`. */
  trackName?: string;
  /**
   * Audio the rtc-node source buffers ahead of real time. captureFrame()
   * waits while it is full, which paces delivery; clear() empties it. Default 200 ms.
   */
  sourceQueueMs?: number;
}

/**
 * The AudioSink that speaks into a LiveKit room: frames go to an rtc-node
 * AudioSource behind a LocalAudioTrack (publish `track`). The source paces
 * playout to real time, so audio not yet played waits in our queue or the
 * source's small buffer, and clear() (barge-in) drops both at once.
 */
export class LiveKitTrackSink extends QueuedAudioSink {
  readonly source: AudioSource;
  readonly track: LocalAudioTrack;
  readonly sampleRate: number;

  constructor(options: LiveKitTrackSinkOptions) {
    super();
    this.sampleRate = options.sampleRate;
    this.source = new AudioSource(options.sampleRate, 1, options.sourceQueueMs ?? 200);
    this.track = LocalAudioTrack.createAudioTrack(options.trackName ?? 'agent-voice', this.source);
  }

  /** Audio handed to the source but not played yet (what a listener has not heard). */
  get unplayedMs(): number {
    return this.source.queuedDuration;
  }

  protected override validate(frame: AudioFrame): void {
    if (frame.sampleRate !== this.sampleRate) {
      throw new RangeError(
        `LiveKitTrackSink takes ${this.sampleRate} Hz frames (the track's rate); got ${frame.sampleRate} Hz`,
      );
    }
  }

  protected override async deliver(frame: AudioFrame): Promise<void> {
    await this.source.captureFrame(toLiveKitFrame(frame));
  }

  protected override onCleared(): void {
    this.source.clearQueue();
  }

  protected override async onDrained(): Promise<void> {
    await this.source.waitForPlayout();
  }

  protected override async onClose(): Promise<void> {
    // Closing the track closes its source too.
    await this.track.close(true);
  }
}
