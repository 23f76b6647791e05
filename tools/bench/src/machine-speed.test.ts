import { describe, expect, it } from 'vitest';
import { referenceWorkMs } from './machine-speed.js';
import { referenceWork } from './report.js';

describe('referenceWorkMs', () => {
  it('times the fixed work in a fresh process', () => {
    const ms = referenceWorkMs();
    expect(ms).toBeGreaterThan(0);
    // Sixty rounds of a 2,000-row JSON round trip and a 64 KB base64: not instant, not a minute.
    expect(ms).toBeLessThan(30_000);
  });

  it('says when the work could not be timed', () => {
    expect(referenceWork([68.94, undefined])).toContain('68.9 ms at the start, n/a at the end');
  });
});
