import { describe, expect, it } from 'vitest';
import { cpuPercentBetween } from './steady-cpu.js';

describe('cpuPercentBetween', () => {
  // 0–4 s: sessions starting (80% of a core); 4–10 s: all up (40%).
  const samples = Array.from({ length: 41 }, (_, i) => {
    const atMs = i * 250;
    return { atMs, cpuMs: atMs <= 4_000 ? atMs * 0.8 : 3_200 + (atMs - 4_000) * 0.4 };
  });

  it('reads only the stretch asked for', () => {
    expect(cpuPercentBetween(samples, 4_000, 10_000)).toBeCloseTo(40);
    expect(cpuPercentBetween(samples, 0, 4_000)).toBeCloseTo(80);
    expect(cpuPercentBetween(samples, 0, 10_000)).toBeCloseTo(56);
  });

  it('takes the samples inside the stretch, not outside it', () => {
    expect(cpuPercentBetween(samples, 3_900, 10_100)).toBeCloseTo(40);
  });

  it('gives no figure for a stretch too short to say', () => {
    expect(cpuPercentBetween(samples, 4_000, 5_000)).toBeUndefined();
    expect(cpuPercentBetween(samples, 11_000, 20_000)).toBeUndefined();
  });
});
