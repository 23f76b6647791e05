import type { AudioFrame } from '@bot-backend/interfaces';
import { fromLiveKitFrame } from '@bot-backend/livekit-adapters';
import { AudioStream, type RemoteTrack } from '@livekit/rtc-node';

/** A remote audio track as our frames at `sampleRate` mono; ending the iteration releases the stream. */
export async function* remoteAudioFrames(track: RemoteTrack, sampleRate: number): AsyncGenerator<AudioFrame> {
  const stream = new AudioStream(track, { sampleRate, numChannels: 1 });
  for await (const frame of stream) yield fromLiveKitFrame(frame);
}
