import { describe, expect, it } from 'vitest';
import { isQuiet, QuietRun } from './quiet-batching.js';

describe('QuietRun', () => {
  it('counts a sample above the peak, negative or positive, as sound', () => {
    expect(isQuiet(Int16Array.from([0, 64, -64]), 64)).toBe(true);
    expect(isQuiet(Int16Array.from([0, 65]), 64)).toBe(false);
    expect(isQuiet(Int16Array.from([-65, 0]), 64)).toBe(false);
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
