import { downmixToMono } from '@bot-backend/audio';
import type { AudioFrame } from '@bot-backend/interfaces';
import { AudioFrame as RtcAudioFrame } from '@livekit/rtc-node';

/**
 * Our canonical frame (PCM16 mono) as an rtc-node frame. The samples are
 * shared when they fill their buffer, and copied when they are a view into a
 * larger one (some LiveKit code sends `frame.data.buffer` whole).
 */
export function toLiveKitFrame(frame: AudioFrame): RtcAudioFrame {
  const { samples } = frame;
  const tight = samples.byteOffset === 0 && samples.byteLength === samples.buffer.byteLength;
  return new RtcAudioFrame(tight ? samples : samples.slice(), frame.sampleRate, 1, samples.length);
}

/**
 * An rtc-node frame as our canonical frame. Mono frames share their samples;
 * interleaved multi-channel frames are averaged down to mono.
 */
export function fromLiveKitFrame(frame: RtcAudioFrame): AudioFrame {
  const used = frame.data.subarray(0, frame.samplesPerChannel * frame.channels);
  const samples = frame.channels === 1 ? used : downmixToMono(used, frame.channels);
  return { samples, sampleRate: frame.sampleRate };
}
