import { describe, expect, it } from 'vitest';
import { defaultFakeTone, encodeFakeSamples, fakeToneFloat32 } from './cartesia-fake-audio.js';
import { FakeToneCache } from './fake-tone-cache.js';

describe('FakeToneCache', () => {
  it('gives the samples a fresh rendering gives, and the same array when asked again', () => {
    const cache = new FakeToneCache(defaultFakeTone);
    const first = cache.samples(2_400, 24_000, 1_234);
    expect(Array.from(first)).toEqual(Array.from(fakeToneFloat32(2_400, 24_000, 1_234, defaultFakeTone)));
    expect(cache.samples(2_400, 24_000, 1_234)).toBe(first);
    // Another cursor is another phase: not the kept array.
    const later = cache.samples(2_400, 24_000, 1_235);
    expect(later).not.toBe(first);
    expect(later[0]).not.toBe(first[0]);
  });

  it('encodes a chunk as a fresh encoding does, in both encodings, and keeps it', () => {
    const cache = new FakeToneCache(defaultFakeTone);
    const samples = cache.samples(4_800, 24_000, 0);
    for (const encoding of ['pcm_s16le', 'pcm_f32le'] as const) {
      const fresh = encodeFakeSamples(samples.subarray(960, 1_920), encoding).toString('base64');
      expect(cache.base64(samples, 960, 960, encoding)).toBe(fresh);
      expect(cache.base64(samples, 960, 960, encoding)).toBe(fresh);
    }
    // The last chunk may be short.
    const tail = encodeFakeSamples(samples.subarray(4_000), 'pcm_s16le').toString('base64');
    expect(cache.base64(samples, 4_000, 800, 'pcm_s16le')).toBe(tail);
  });

  it('keeps no more samples than its limit, dropping the oldest first', () => {
    const cache = new FakeToneCache(defaultFakeTone, 5_000);
    const a = cache.samples(2_000, 24_000, 0);
    const b = cache.samples(2_000, 24_000, 2_000);
    // A third does not fit beside both: the oldest (a) goes, b stays.
    cache.samples(2_000, 24_000, 4_000);
    expect(cache.samples(2_000, 24_000, 2_000)).toBe(b);
    const again = cache.samples(2_000, 24_000, 0);
    expect(again).not.toBe(a);
    expect(Array.from(again)).toEqual(Array.from(a));
    // Larger than the whole limit: rendered, never kept.
    const huge = cache.samples(6_000, 24_000, 0);
    expect(cache.samples(6_000, 24_000, 0)).not.toBe(huge);
  });
});
