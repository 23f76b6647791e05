import { describe, expect, it } from 'vitest';
import { SpeechRun } from './speech-batching.js';

describe('SpeechRun', () => {
  it('lets audio wait after a loud frame only, up to chunkMs', () => {
    const run = new SpeechRun({ chunkMs: 40 }, 1000);
    expect(run.next(Int16Array.from({ length: 20 }, () => 3000))).toBe(40);
    expect(run.next(Int16Array.from({ length: 20 }, () => 1000))).toBeUndefined();
    expect(run.next(new Int16Array(20).fill(-2049))).toBe(40);
    expect(run.next(new Int16Array(20).fill(2048))).toBeUndefined();
    expect(new SpeechRun({ chunkMs: 40, peak: 500 }, 1000).next(new Int16Array(20).fill(-501))).toBe(40);
  });
});
