import { concatSamples, estimateFrequency, int16ToBytesLE, sine } from '@bot-backend/audio';
import { describe, expect, it } from 'vitest';
import { PcmOutput } from './pcm-output.js';

/** Pushes the bytes in `chunk`-sized pieces, then flushes; all samples that came out. */
function frames(output: PcmOutput, bytes: Uint8Array, chunk: number): Int16Array {
  const out: Int16Array[] = [];
  for (let at = 0; at < bytes.length; at += chunk) {
    const frame = output.push(bytes.subarray(at, at + chunk));
    if (frame) out.push(frame.samples);
  }
  const tail = output.flush();
  return concatSamples(tail ? [...out, tail.samples] : out);
}

describe('PcmOutput', () => {
  it('passes the vendor rate through, rejoining samples split across odd-sized chunks', () => {
    const { samples } = sine({ frequencyHz: 440, durationMs: 100, sampleRate: 24000 });
    const output = new PcmOutput(24000, 24000);
    expect(output.passthrough).toBe(true);
    expect(frames(output, int16ToBytesLE(samples), 333)).toEqual(samples);
    expect(output.audioMs).toBe(100);
  });

  it('resamples to the caller rate, keeping the pitch and the duration', () => {
    const output = new PcmOutput(24000, 16000);
    expect(output.passthrough).toBe(false);
    const out = frames(
      output,
      int16ToBytesLE(sine({ frequencyHz: 440, durationMs: 500, sampleRate: 24000 }).samples),
      1001,
    );
    expect(Math.abs(out.length - 8000)).toBeLessThan(40);
    expect(Math.abs(estimateFrequency(out, 16000) - 440)).toBeLessThan(10);
    expect(Math.abs(output.audioMs - 500)).toBeLessThan(5);
  });
});
