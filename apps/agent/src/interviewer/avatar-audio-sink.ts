import { QueuedAudioSink } from '@bot-backend/audio';
import type { AudioFrame } from '@bot-backend/interfaces';
import { toLiveKitFrame } from '@bot-backend/livekit-adapters';
import type { AudioFrame as RtcAudioFrame } from '@livekit/rtc-node';

/** What the sink needs of LiveKit's avatar output (`voice.avatar.DataStreamAudioOutput`). */
export interface AvatarAudioOutput {
  captureFrame(frame: RtcAudioFrame): Promise<void>;
  /** Ends the current audio segment. */
  flush(): void;
  /** Tells the avatar to drop what it holds (an `lk.clear_buffer` RPC). */
  clearBuffer(): void;
}

/**
 * Speaks through an avatar in the room: frames go over a LiveKit data stream to
 * the avatar participant, which lip-syncs and publishes the audio and video.
 * The stream takes audio faster than real time, so this sink paces to
 * `leadMs` ahead of playback, keeping the rest queued where clear() (barge-in)
 * can drop it, and asks the avatar to drop its own buffer too.
 */
export class AvatarAudioSink extends QueuedAudioSink {
  constructor(
    private readonly output: AvatarAudioOutput,
    readonly sampleRate: number,
    options: { leadMs?: number } = {},
  ) {
    super({ leadMs: options.leadMs ?? 300 });
  }

  protected override validate(frame: AudioFrame): void {
    if (frame.sampleRate !== this.sampleRate) {
      throw new RangeError(`AvatarAudioSink takes ${this.sampleRate} Hz frames; got ${frame.sampleRate} Hz`);
    }
  }

  protected override async deliver(frame: AudioFrame): Promise<void> {
    await this.output.captureFrame(toLiveKitFrame(frame));
  }

  protected override onCleared(): void {
    this.output.clearBuffer();
  }

  protected override onDrained(): void {
    this.output.flush();
  }
}
