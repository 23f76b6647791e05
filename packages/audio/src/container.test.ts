import { describe, expect, it } from 'vitest';
import { detectAudioContainer } from './container.js';
import { base64ToInt16, int16ToBase64 } from './pcm.js';
import { encodeWav } from './wav.js';

const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('detectAudioContainer', () => {
  it('recognises common containers by their magic bytes', () => {
    expect(detectAudioContainer(encodeWav({ samples: new Int16Array(4), sampleRate: 16_000 }))).toBe(
      'audio/wav',
    );
    expect(detectAudioContainer(bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f))).toBe('audio/webm');
    expect(detectAudioContainer(bytes('OggS', 0, 2))).toBe('audio/ogg');
    expect(detectAudioContainer(bytes('fLaC', 0))).toBe('audio/flac');
    expect(detectAudioContainer(bytes(0, 0, 0, 0x20, 'ftypM4A '))).toBe('audio/mp4');
    expect(detectAudioContainer(bytes('ID3', 4, 0))).toBe('audio/mpeg');
    expect(detectAudioContainer(bytes(0xff, 0xfb, 0x90))).toBe('audio/mpeg');
  });

  it('says nothing for raw PCM or too few bytes', () => {
    expect(detectAudioContainer(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))).toBeUndefined();
    expect(detectAudioContainer(new Uint8Array(0))).toBeUndefined();
  });
});

describe('base64 PCM16', () => {
  it('round-trips samples through little-endian base64', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768]);
    const text = int16ToBase64(samples);
    expect(Buffer.from(text, 'base64')).toEqual(
      Buffer.from([0, 0, 1, 0, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x80]),
    );
    expect(Array.from(base64ToInt16(text))).toEqual(Array.from(samples));
  });
});
