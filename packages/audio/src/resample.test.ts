import { describe, expect, it } from 'vitest';
import { estimateFrequency, goertzelPower, rms } from './analysis.js';
import { float32ToBytesLE, float32ToInt16, int16ToFloat32, PcmByteDecoder } from './pcm.js';
import { Pcm16Resampler, Resampler, resampleFloat32, resampleFrame, resamplePcm16 } from './resample.js';
import { sine, sineFloat32 } from './signals.js';

/** The middle of a signal, away from the filter's start-up and tail. */
function middle(samples: Int16Array): Int16Array {
  const cut = Math.floor(samples.length * 0.1);
  return samples.subarray(cut, samples.length - cut);
}

describe('resampling keeps a tone at its frequency', () => {
  const cases: [number, number, number][] = [
    [44_100, 16_000, 440],
    [44_100, 16_000, 3_000],
    [44_100, 24_000, 1_000],
    [16_000, 48_000, 440],
    [16_000, 48_000, 5_000],
    [24_000, 16_000, 2_500],
  ];
  for (const [from, to, hz] of cases) {
    it(`${from} -> ${to} Hz, ${hz} Hz tone`, () => {
      const input = sine({ frequencyHz: hz, durationMs: 500, sampleRate: from });
      const out = resampleFrame(input, to);
      expect(out.sampleRate).toBe(to);
      expect(out.samples.length).toBe(Math.ceil((input.samples.length * to) / from));
      const measured = estimateFrequency(middle(out.samples), to);
      expect(Math.abs(measured - hz) / hz).toBeLessThan(0.01);
      // Level is preserved (amplitude 0.5 sine has RMS ~0.354).
      expect(rms(middle(out.samples))).toBeCloseTo(rms(middle(input.samples)), 1);
    });
  }
});

describe('anti-aliasing when downsampling', () => {
  it('removes a tone above the new Nyquist frequency instead of folding it back', () => {
    // 11 kHz at 44.1 kHz would alias to 5 kHz at 16 kHz without a low-pass.
    const input = sineFloat32({ frequencyHz: 11_000, durationMs: 300, sampleRate: 44_100, amplitude: 0.8 });
    const out = resampleFloat32(input, 44_100, 16_000);
    const mid = out.subarray(500, out.length - 500);
    expect(rms(mid)).toBeLessThan(0.01);
    expect(goertzelPower(mid, 16_000, 5_000)).toBeLessThan(1e-5);
  });

  it('passes a tone well inside the band', () => {
    const input = sineFloat32({ frequencyHz: 3_000, durationMs: 300, sampleRate: 44_100, amplitude: 0.8 });
    const mid = resampleFloat32(input, 44_100, 16_000).subarray(500, -500);
    expect(rms(mid)).toBeGreaterThan(0.5);
  });
});

describe('streaming Resampler', () => {
  it('gives the same samples in chunks of any size as in one shot', () => {
    const input = int16ToFloat32(sine({ frequencyHz: 700, durationMs: 200, sampleRate: 44_100 }).samples);
    const oneShot = resampleFloat32(input, 44_100, 16_000);
    const resampler = new Resampler(44_100, 16_000);
    const parts: number[] = [];
    const sizes = [1, 7, 441, 3, 1000, 13];
    let offset = 0;
    for (let i = 0; offset < input.length; i++) {
      const size = sizes[i % sizes.length]!;
      parts.push(...resampler.process(input.subarray(offset, offset + size)));
      offset += size;
    }
    parts.push(...resampler.flush());
    expect(parts.length).toBe(oneShot.length);
    for (let i = 0; i < parts.length; i++) expect(parts[i]).toBeCloseTo(oneShot[i]!, 6);
  });

  it('Pcm16Resampler streams 16 kHz up to 48 kHz with the tone intact', () => {
    const input = sine({ frequencyHz: 1_000, durationMs: 400, sampleRate: 16_000 }).samples;
    const resampler = new Pcm16Resampler(16_000, 48_000);
    const out: number[] = [];
    for (let offset = 0; offset < input.length; offset += 320) {
      out.push(...resampler.process(input.subarray(offset, offset + 320)));
    }
    out.push(...resampler.flush());
    expect(out.length).toBe(input.length * 3);
    const measured = estimateFrequency(middle(Int16Array.from(out)), 48_000);
    expect(Math.abs(measured - 1_000) / 1_000).toBeLessThan(0.01);
  });

  it('passes samples through unchanged at equal rates', () => {
    const input = Int16Array.from([1, -2, 3, 32767]);
    expect(Array.from(resamplePcm16(input, 16_000, 16_000))).toEqual(Array.from(input));
  });

  it('reset() forgets the previous stream', () => {
    const resampler = new Resampler(48_000, 16_000);
    resampler.process(new Float32Array(4800).fill(0.9));
    resampler.reset();
    const out = [...resampler.process(new Float32Array(4800)), ...resampler.flush()];
    expect(out.length).toBe(1600);
    expect(Math.max(...out.map(Math.abs))).toBe(0);
  });

  it('rejects non-integer or zero rates', () => {
    expect(() => new Resampler(0, 16_000)).toThrow(RangeError);
    expect(() => new Resampler(44_100.5, 16_000)).toThrow(RangeError);
  });
});

describe('a float32 44.1 kHz byte stream to PCM16 (the Cartesia path)', () => {
  for (const to of [16_000, 24_000]) {
    it(`arrives at ${to} Hz with the tone intact, whatever the chunk boundaries`, () => {
      const tone = sineFloat32({ frequencyHz: 440, durationMs: 600, sampleRate: 44_100 });
      const bytes = float32ToBytesLE(tone);
      const decoder = new PcmByteDecoder('pcm_f32le');
      const resampler = new Resampler(44_100, to);
      const parts: Int16Array[] = [];
      for (let offset = 0; offset < bytes.length; offset += 1001) {
        parts.push(
          float32ToInt16(resampler.process(decoder.pushFloat32(bytes.subarray(offset, offset + 1001)))),
        );
      }
      parts.push(float32ToInt16(resampler.flush()));
      const out = Int16Array.from(parts.flatMap((p) => Array.from(p)));
      expect(decoder.pendingBytes).toBe(0);
      expect(out.length).toBe(Math.ceil((tone.length * to) / 44_100));
      const measured = estimateFrequency(middle(out), to);
      expect(Math.abs(measured - 440) / 440).toBeLessThan(0.01);
    });
  }
});
