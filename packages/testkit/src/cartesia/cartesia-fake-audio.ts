import { float32ToBytesLE, float32ToInt16, int16ToBytesLE, sineFloat32 } from '@bot-backend/audio';

/** How the Cartesia fake turns text into audio: a pure tone whose length grows with the text. */
export interface FakeToneOptions {
  /** Default 440 Hz. */
  frequencyHz: number;
  /** Audio per character of transcript; default 30 ms. */
  msPerCharacter: number;
  /** Default 0.5 (float scale). */
  amplitude: number;
}

export const defaultFakeTone: FakeToneOptions = { frequencyHz: 440, msPerCharacter: 30, amplitude: 0.5 };

/** Samples the fake produces for this transcript at this rate. */
export function fakeSampleCount(transcript: string, sampleRate: number, tone: FakeToneOptions): number {
  return Math.round((transcript.length * tone.msPerCharacter * sampleRate) / 1000);
}

/**
 * A continuous tone: `startSample` carries the phase on, so the audio of several
 * transcripts in one context joins without a click (one voice, one waveform).
 */
export function fakeToneFloat32(
  count: number,
  sampleRate: number,
  startSample: number,
  tone: FakeToneOptions,
): Float32Array {
  // A duration that rounds back to exactly `count` samples.
  return sineFloat32({
    frequencyHz: tone.frequencyHz,
    durationMs: (count * 1000) / sampleRate,
    sampleRate,
    amplitude: tone.amplitude,
    phase: (2 * Math.PI * tone.frequencyHz * startSample) / sampleRate,
  });
}

export type FakeEncoding = 'pcm_f32le' | 'pcm_s16le';

/** Samples in Cartesia's raw encodings, little-endian (PCM16 rounded and clipped). */
export function encodeFakeSamples(samples: Float32Array, encoding: FakeEncoding): Buffer {
  const bytes =
    encoding === 'pcm_f32le' ? float32ToBytesLE(samples) : int16ToBytesLE(float32ToInt16(samples));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
