import { describe, expect, it } from 'vitest';
import { float32ToBytesLE } from './pcm.js';
import { sine } from './signals.js';
import { decodeWav, decodeWavToFrame, encodeWav, encodeWavFrame, WavFormatError } from './wav.js';

function header(view: DataView, offset: number): string {
  return String.fromCharCode(...[0, 1, 2, 3].map((i) => view.getUint8(offset + i)));
}

/** A WAV with an arbitrary format, built by hand (the way other tools write them). */
function handMadeWav(options: {
  format: number;
  bits: number;
  channels: number;
  sampleRate: number;
  data: Uint8Array;
  extraChunk?: boolean;
}): Uint8Array {
  const extra = options.extraChunk ? 8 + 5 + 1 : 0;
  const out = new Uint8Array(44 + extra + options.data.length);
  const view = new DataView(out.buffer);
  const ascii = (o: number, s: string) => {
    for (let i = 0; i < s.length; i++) view.setUint8(o + i, s.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, options.format, true);
  view.setUint16(22, options.channels, true);
  view.setUint32(24, options.sampleRate, true);
  view.setUint32(28, (options.sampleRate * options.channels * options.bits) / 8, true);
  view.setUint16(32, (options.channels * options.bits) / 8, true);
  view.setUint16(34, options.bits, true);
  let at = 36;
  if (options.extraChunk) {
    ascii(at, 'LIST');
    view.setUint32(at + 4, 5, true); // odd size: padded to 6
    at += 8 + 6;
  }
  ascii(at, 'data');
  view.setUint32(at + 4, options.data.length, true);
  out.set(options.data, at + 8);
  return out;
}

describe('WAV', () => {
  it('writes a canonical 44-byte PCM16 header', () => {
    const wav = encodeWav({ samples: Int16Array.from([1, 2, 3]), sampleRate: 16_000 });
    const view = new DataView(wav.buffer);
    expect(wav.length).toBe(44 + 6);
    expect(header(view, 0)).toBe('RIFF');
    expect(view.getUint32(4, true)).toBe(wav.length - 8);
    expect(header(view, 8)).toBe('WAVE');
    expect(view.getUint16(20, true)).toBe(1);
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(16_000);
    expect(view.getUint32(28, true)).toBe(32_000);
    expect(view.getUint16(34, true)).toBe(16);
    expect(view.getUint32(40, true)).toBe(6);
  });

  it('round-trips mono byte for byte', () => {
    const frame = sine({ frequencyHz: 440, durationMs: 100, sampleRate: 24_000 });
    const wav = encodeWavFrame(frame);
    const decoded = decodeWav(wav);
    expect(decoded).toMatchObject({ sampleRate: 24_000, channels: 1, bitsPerSample: 16, format: 'pcm' });
    expect(Array.from(decoded.samples)).toEqual(Array.from(frame.samples));
    expect(Buffer.from(encodeWav(decoded)).equals(Buffer.from(wav))).toBe(true);
  });

  it('round-trips stereo byte for byte and downmixes to mono', () => {
    const interleaved = Int16Array.from([100, 300, -100, -300, 32767, 32767, -32768, -32768]);
    const wav = encodeWav({ samples: interleaved, sampleRate: 44_100, channels: 2 });
    const decoded = decodeWav(wav);
    expect(decoded.channels).toBe(2);
    expect(Buffer.from(encodeWav(decoded)).equals(Buffer.from(wav))).toBe(true);
    const mono = decodeWavToFrame(wav);
    expect(mono.sampleRate).toBe(44_100);
    expect(Array.from(mono.samples)).toEqual([200, -200, 32767, -32768]);
  });

  it('decodes float32 WAV (format 3)', () => {
    const data = float32ToBytesLE(Float32Array.from([0.5, -0.25, 1.5]));
    const wav = handMadeWav({ format: 3, bits: 32, channels: 1, sampleRate: 44_100, data });
    const decoded = decodeWav(wav);
    expect(decoded.format).toBe('float');
    expect(Array.from(decoded.samples)).toEqual([16384, -8192, 32767]);
  });

  it('decodes 8-bit unsigned WAV and skips unknown chunks with odd sizes', () => {
    const data = Uint8Array.from([128, 255, 0, 192]);
    const wav = handMadeWav({ format: 1, bits: 8, channels: 1, sampleRate: 8_000, data, extraChunk: true });
    expect(Array.from(decodeWav(wav).samples)).toEqual([0, 127 * 256, -32768, 64 * 256]);
  });

  it('takes the rest of the file when a streamed WAV left the data size at 0', () => {
    const wav = encodeWav({ samples: Int16Array.from([5, 6, 7]), sampleRate: 16_000 });
    new DataView(wav.buffer).setUint32(40, 0, true);
    expect(Array.from(decodeWav(wav).samples)).toEqual([5, 6, 7]);
  });

  it('rejects files that are not WAV', () => {
    expect(() => decodeWav(new TextEncoder().encode('ID3 this is an mp3'))).toThrow(WavFormatError);
    const noData = encodeWav({ samples: new Int16Array(0), sampleRate: 16_000 }).subarray(0, 36);
    expect(() => decodeWav(noData)).toThrow(/no data chunk/);
  });
});
