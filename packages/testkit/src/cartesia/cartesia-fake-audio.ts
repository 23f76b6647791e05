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
  const out = new Float32Array(count);
  const step = (2 * Math.PI * tone.frequencyHz) / sampleRate;
  for (let i = 0; i < count; i++) out[i] = tone.amplitude * Math.sin(step * (startSample + i));
  return out;
}

export type FakeEncoding = 'pcm_f32le' | 'pcm_s16le';

/** Samples in Cartesia's raw encodings, little-endian. */
export function encodeFakeSamples(samples: Float32Array, encoding: FakeEncoding): Buffer {
  if (encoding === 'pcm_f32le') {
    const out = Buffer.alloc(samples.length * 4);
    for (let i = 0; i < samples.length; i++) out.writeFloatLE(samples[i]!, i * 4);
    return out;
  }
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32768))), i * 2);
  }
  return out;
}
