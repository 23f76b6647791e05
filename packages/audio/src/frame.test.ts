import { describe, expect, it } from 'vitest';
import { estimateFrequency, goertzelPower, peak, rms } from './analysis.js';
import { concatFrames, frameDurationMs, msToSamples, samplesToMs } from './frame.js';
import { noise, silence, sine, speechLike } from './signals.js';

describe('frame helpers', () => {
  it('measures durations', () => {
    expect(frameDurationMs({ samples: new Int16Array(320), sampleRate: 16_000 })).toBe(20);
    expect(msToSamples(10, 44_100)).toBe(441);
    expect(samplesToMs(480, 24_000)).toBe(20);
  });

  it('concatenates frames in order and refuses mixed rates', () => {
    const a = { samples: Int16Array.from([1, 2]), sampleRate: 8_000 };
    const b = { samples: Int16Array.from([3]), sampleRate: 8_000 };
    expect(Array.from(concatFrames([a, b]).samples)).toEqual([1, 2, 3]);
    expect(() => concatFrames([a, { samples: b.samples, sampleRate: 16_000 }])).toThrow(RangeError);
    expect(concatFrames([], 16_000).samples.length).toBe(0);
  });

  it('makes silence of the right length', () => {
    const frame = silence(30, 16_000);
    expect(frame.samples.length).toBe(480);
    expect(rms(frame.samples)).toBe(0);
  });
});

describe('signal analysis', () => {
  it('estimates a tone frequency to well under 1%', () => {
    for (const hz of [97, 440, 1234.5, 7000]) {
      const frame = sine({ frequencyHz: hz, durationMs: 250, sampleRate: 16_000 });
      expect(Math.abs(estimateFrequency(frame.samples, 16_000) - hz) / hz).toBeLessThan(0.002);
    }
    expect(estimateFrequency(new Int16Array(100), 16_000)).toBe(0);
  });

  it('rms and peak follow the amplitude', () => {
    const frame = sine({ frequencyHz: 500, durationMs: 200, sampleRate: 16_000, amplitude: 0.5 });
    expect(rms(frame.samples)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(peak(frame.samples)).toBeCloseTo(0.5, 2);
  });

  it('goertzel finds the tone that is there and not one that is not', () => {
    const frame = sine({ frequencyHz: 1_000, durationMs: 200, sampleRate: 16_000, amplitude: 1 });
    expect(goertzelPower(frame.samples, 16_000, 1_000)).toBeCloseTo(0.25, 2);
    expect(goertzelPower(frame.samples, 16_000, 2_500)).toBeLessThan(1e-4);
  });

  it('speech-like audio is loud, pitched and has pauses', () => {
    const frame = speechLike({ durationMs: 1000, sampleRate: 16_000 });
    expect(rms(frame.samples)).toBeGreaterThan(0.05);
    const quiet = frame.samples.subarray(0, 40); // syllable onset
    expect(rms(quiet)).toBeLessThan(rms(frame.samples));
    expect(goertzelPower(frame.samples, 16_000, 140)).toBeGreaterThan(
      goertzelPower(frame.samples, 16_000, 3_000),
    );
  });

  it('noise has the RMS asked for, stays within 3.5 times it, and repeats with its seed', () => {
    const frame = noise({ durationMs: 1000, sampleRate: 16_000, rmsDbfs: -60, seed: 7 });
    expect(frame.samples).toHaveLength(16_000);
    expect(20 * Math.log10(rms(frame.samples))).toBeCloseTo(-60, 0);
    expect(peak(frame.samples)).toBeLessThanOrEqual(3.5 * 10 ** (-60 / 20) + 1 / 32768);
    const again = noise({ durationMs: 1000, sampleRate: 16_000, rmsDbfs: -60, seed: 7 });
    expect(again.samples).toEqual(frame.samples);
    const other = noise({ durationMs: 1000, sampleRate: 16_000, rmsDbfs: -60, seed: 8 });
    expect(other.samples).not.toEqual(frame.samples);
  });
});
