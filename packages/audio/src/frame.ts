import type { AudioFrame } from '@bot-backend/interfaces';

/** Duration of `sampleCount` samples at `sampleRate`, in milliseconds. */
export function samplesToMs(sampleCount: number, sampleRate: number): number {
  return (sampleCount * 1000) / sampleRate;
}

/** Number of samples in `ms` milliseconds at `sampleRate` (rounded to the nearest sample). */
export function msToSamples(ms: number, sampleRate: number): number {
  return Math.round((ms * sampleRate) / 1000);
}

/** Duration of a frame in milliseconds. */
export function frameDurationMs(frame: AudioFrame): number {
  return samplesToMs(frame.samples.length, frame.sampleRate);
}

/** One frame holding every sample of `frames`, in order. All frames must share a sample rate. */
export function concatFrames(frames: readonly AudioFrame[], sampleRate?: number): AudioFrame {
  const rate = sampleRate ?? frames[0]?.sampleRate;
  if (rate === undefined) throw new RangeError('concatFrames needs at least one frame or a sampleRate');
  let length = 0;
  for (const frame of frames) {
    if (frame.sampleRate !== rate) {
      throw new RangeError(`concatFrames: mixed sample rates ${rate} and ${frame.sampleRate}`);
    }
    length += frame.samples.length;
  }
  const samples = new Int16Array(length);
  let offset = 0;
  for (const frame of frames) {
    samples.set(frame.samples, offset);
    offset += frame.samples.length;
  }
  return { samples, sampleRate: rate };
}

/** Concatenate sample arrays of one type. */
export function concatSamples(parts: readonly Int16Array[]): Int16Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Int16Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
