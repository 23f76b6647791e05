import { noise, rmsAtLeast } from '@bot-backend/audio';
import { describe, expect, it } from 'vitest';
import { defaultQuietPeak, isQuiet, QuietRun } from './quiet-batching.js';

/** A microphone's hiss at `rmsDbfs`, 20 ms at 16 kHz. */
const hiss = (rmsDbfs: number, seed: number) =>
  noise({ durationMs: 20, sampleRate: 16_000, rmsDbfs, seed }).samples;

describe('QuietRun', () => {
  it('counts a sample above the peak, negative or positive, as sound', () => {
    expect(isQuiet(Int16Array.from([0, 64, -64]), 64)).toBe(true);
    expect(isQuiet(Int16Array.from([0, 65]), 64)).toBe(false);
    expect(isQuiet(Int16Array.from([-65, 0]), 64)).toBe(false);
  });

  it('by default counts a microphone’s noise floor as quiet, and nothing the engine would call voiced', () => {
    for (let seed = 1; seed <= 50; seed++) {
      expect(isQuiet(hiss(-60, seed), defaultQuietPeak)).toBe(true);
      // −40 dBFS RMS is where voice/turn-taking.ts starts to call a frame voiced (voicedRms 0.01).
      const voiced = hiss(-39, seed);
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
