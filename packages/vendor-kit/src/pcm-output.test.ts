import { estimateFrequency, int16ToBytesLE, sine } from '@bot-backend/audio';
import { describe, expect, it } from 'vitest';
import { PcmOutput } from './pcm-output.js';

function frames(output: PcmOutput, bytes: Uint8Array, chunk: number) {
  const out: Int16Array[] = [];
  for (let at = 0; at < bytes.length; at += chunk) {
    const frame = output.push(bytes.subarray(at, at + chunk));
    if (frame) out.push(frame.samples);
  }
  const tail = output.flush();
  if (tail) out.push(tail.samples);
  const all = new Int16Array(out.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of out) {
    all.set(f, at);
    at += f.length;
  }
  return all;
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
