import { describeAudioSinkConformance } from '@bot-backend/conformance';
import type { AudioFrame } from '@bot-backend/interfaces';
import { LiveKitTrackSink } from './livekit-track-sink.js';

/** Records each frame as it is handed to the real rtc-node AudioSource (the far side, as far as we can see it). */
class RecordingTrackSink extends LiveKitTrackSink {
  readonly captured: AudioFrame[] = [];

  protected override async deliver(frame: AudioFrame): Promise<void> {
    await super.deliver(frame);
    this.captured.push(frame);
  }
}

describeAudioSinkConformance({
  name: 'LiveKitTrackSink (rtc-node AudioSource)',
  holdsBacklog: true,
  create: ({ sampleRate }) => {
    const sink = new RecordingTrackSink({ sampleRate, sourceQueueMs: 100 });
    return { sink, received: () => sink.captured };
  },
});
