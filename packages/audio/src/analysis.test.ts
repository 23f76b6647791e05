import { describe, expect, it } from 'vitest';
import { rms, rmsAtLeast } from './analysis.js';

describe('rmsAtLeast', () => {
  const sine = (amplitude: number, length = 320) =>
    Int16Array.from({ length }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * i) / 32)));

  it('answers as rms(samples) >= level does, for PCM16 and float frames', () => {
    const frames = [
      new Int16Array(320),
      sine(100),
      sine(327),
      sine(330),
      sine(8000),
      Int16Array.from([0, 0, 0, 30000]),
    ];
    for (const frame of frames) {
      for (const level of [0, 0.005, 0.01, 0.1, 0.5]) {
        expect(rmsAtLeast(frame, level), `level ${level}`).toBe(rms(frame) >= level);
        const float = Float32Array.from(frame, (v) => v / 32768);
        expect(rmsAtLeast(float, level), `float, level ${level}`).toBe(rms(float) >= level);
      }
    }
  });

  it('takes an empty frame as silence', () => {
    expect(rmsAtLeast(new Int16Array(0), 0.01)).toBe(false);
    expect(rmsAtLeast(new Int16Array(0), 0)).toBe(true);
  });
});
