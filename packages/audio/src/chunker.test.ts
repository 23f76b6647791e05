import { describe, expect, it } from 'vitest';
import { FrameChunker } from './chunker.js';

describe('FrameChunker', () => {
  it('re-cuts arbitrary frames into 20 ms frames and conserves every sample', () => {
    const sampleRate = 16_000;
    const total = 16_000 + 123;
    const all = Int16Array.from({ length: total }, (_, i) => (i % 30_000) - 15_000);
    const chunker = new FrameChunker({ frameMs: 20, sampleRate });
    const out: Int16Array[] = [];
    const sizes = [1, 319, 320, 321, 5000, 17];
    let offset = 0;
    for (let i = 0; offset < total; i++) {
      const size = sizes[i % sizes.length]!;
      for (const frame of chunker.push({ samples: all.subarray(offset, offset + size), sampleRate })) {
        expect(frame.samples.length).toBe(320);
        expect(frame.sampleRate).toBe(sampleRate);
        out.push(frame.samples);
      }
      offset += size;
    }
    const rest = chunker.flush();
    expect(rest?.samples.length).toBe(total % 320);
    if (rest) out.push(rest.samples);
    const joined = out.flatMap((s) => Array.from(s));
    expect(joined).toEqual(Array.from(all));
    expect(chunker.flush()).toBeUndefined();
  });

  it('frames it returned are not overwritten by later pushes', () => {
    const chunker = new FrameChunker({ frameMs: 1, sampleRate: 8_000 });
    const [first] = chunker.push({ samples: new Int16Array(8).fill(1), sampleRate: 8_000 });
    chunker.push({ samples: new Int16Array(8).fill(2), sampleRate: 8_000 });
    expect(Array.from(first!.samples)).toEqual(new Array(8).fill(1));
  });

  it('pads the remainder with silence on request, even after reset()', () => {
    const chunker = new FrameChunker({ frameMs: 1, sampleRate: 8_000 });
    chunker.push({ samples: new Int16Array(5).fill(9), sampleRate: 8_000 });
    expect(chunker.reset()).toBe(5);
    chunker.push({ samples: new Int16Array(2).fill(3), sampleRate: 8_000 });
    expect(Array.from(chunker.flush({ pad: true })!.samples)).toEqual([3, 3, 0, 0, 0, 0, 0, 0]);
  });

  it('rejects a frame at another sample rate', () => {
    const chunker = new FrameChunker({ frameMs: 20, sampleRate: 16_000 });
    expect(() => chunker.push({ samples: new Int16Array(10), sampleRate: 8_000 })).toThrow(RangeError);
  });
});
