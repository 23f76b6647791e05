import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateFrequency } from '../analysis.js';
import { sine } from '../signals.js';
import { decodeWav } from '../wav.js';
import { WavFileSink } from './wav-file-sink.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wav-sink-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('WavFileSink', () => {
  it('writes a valid WAV whose header is patched with the real sizes on close', async () => {
    const path = join(dir, 'tone.wav');
    const sink = new WavFileSink({ path, sampleRate: 24_000 });
    const tone = sine({ frequencyHz: 600, durationMs: 300, sampleRate: 24_000 });
    for (let offset = 0; offset < tone.samples.length; offset += 480) {
      await sink.write({ samples: tone.samples.subarray(offset, offset + 480), sampleRate: 24_000 });
    }
    await sink.close();
    const bytes = await readFile(path);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getUint32(4, true)).toBe(bytes.length - 8);
    expect(view.getUint32(40, true)).toBe(tone.samples.length * 2);
    const wav = decodeWav(bytes);
    expect(wav.sampleRate).toBe(24_000);
    expect(Array.from(wav.samples)).toEqual(Array.from(tone.samples));
    expect(estimateFrequency(wav.samples, 24_000)).toBeCloseTo(600, 0);
    expect(sink.deliveredMs).toBeCloseTo(300, 6);
  });

  it('a sink closed without audio leaves an empty but valid WAV', async () => {
    const path = join(dir, 'empty.wav');
    await new WavFileSink({ path, sampleRate: 16_000 }).close();
    const wav = decodeWav(await readFile(path));
    expect(wav.samples.length).toBe(0);
    expect(wav.sampleRate).toBe(16_000);
  });

  it('rejects frames at another sample rate', async () => {
    const sink = new WavFileSink({ path: join(dir, 'rate.wav'), sampleRate: 16_000 });
    await expect(sink.write({ samples: new Int16Array(10), sampleRate: 8_000 })).rejects.toThrow(RangeError);
    await sink.close();
  });
});
