import { rmsAtLeast } from '@bot-backend/audio';
import { describe, expect, it } from 'vitest';
import { defaultQuietPeak, isQuiet, QuietRun } from './quiet-batching.js';

/** Deterministic white noise at `rmsDbfs` (a microphone's hiss), 20 ms at 16 kHz. */
function noise(rmsDbfs: number, seed: number): Int16Array {
  const rms = 32768 * 10 ** (rmsDbfs / 20);
  let state = seed;
  const uniform = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  // Sum of four uniforms: near-Gaussian, and bounded (at most 3.5 times the RMS).
  return Int16Array.from({ length: 320 }, () => {
    const sum = uniform() + uniform() + uniform() + uniform() - 2;
    return Math.round(sum * Math.sqrt(3) * rms);
  });
}

describe('QuietRun', () => {
  it('counts a sample above the peak, negative or positive, as sound', () => {
    expect(isQuiet(Int16Array.from([0, 64, -64]), 64)).toBe(true);
    expect(isQuiet(Int16Array.from([0, 65]), 64)).toBe(false);
    expect(isQuiet(Int16Array.from([-65, 0]), 64)).toBe(false);
  });

  it('by default counts a microphone’s noise floor as quiet, and nothing the engine would call voiced', () => {
    for (let seed = 1; seed <= 50; seed++) {
      expect(isQuiet(noise(-60, seed), defaultQuietPeak)).toBe(true);
      // −40 dBFS RMS is where voice/turn-taking.ts starts to call a frame voiced (voicedRms 0.01).
      const voiced = noise(-39, seed);
      expect(rmsAtLeast(voiced, 0.01)).toBe(true);
      expect(isQuiet(voiced, defaultQuietPeak)).toBe(false);
    }
  });

  it('batches only after afterMs of quiet, and a louder frame starts the count again', () => {
    const run = new QuietRun({ chunkMs: 100, afterMs: 40 }, 1000);
    const quiet = new Int16Array(20);
    const loud = Int16Array.from({ length: 20 }, () => 1000);
    expect(run.next(quiet)).toBeUndefined();
    expect(run.next(quiet)).toBeUndefined();
    expect(run.next(quiet)).toBe(100);
    expect(run.next(loud)).toBeUndefined();
    expect(run.next(quiet)).toBeUndefined();
  });
});
