import { describe, expect, it } from 'vitest';
import {
  bytesLEToFloat32,
  bytesLEToInt16,
  float32ToBytesLE,
  float32ToInt16,
  int16BytesLE,
  int16FromBytesLE,
  int16ToBase64,
  int16ToBytesLE,
  int16ToFloat32,
  PcmByteDecoder,
} from './pcm.js';

describe('PCM conversions', () => {
  it('int16 -> float32 -> int16 is lossless', () => {
    const samples = Int16Array.from([-32768, -12345, -1, 0, 1, 12345, 32767]);
    expect(Array.from(float32ToInt16(int16ToFloat32(samples)))).toEqual(Array.from(samples));
  });

  it('maps full scale to [-1, 1) and clips out-of-range floats instead of wrapping', () => {
    expect(Array.from(int16ToFloat32(Int16Array.from([-32768, 16384])))).toEqual([-1, 0.5]);
    expect(Array.from(float32ToInt16(Float32Array.from([1.5, -2, 1, -1])))).toEqual([
      32767, -32768, 32767, -32768,
    ]);
  });

  it('writes little-endian bytes whatever the host order', () => {
    expect(Array.from(int16ToBytesLE(Int16Array.from([0x0102, -2])))).toEqual([0x02, 0x01, 0xfe, 0xff]);
    expect(Array.from(bytesLEToInt16(Uint8Array.from([0x02, 0x01, 0xfe, 0xff])))).toEqual([0x0102, -2]);
  });

  it('reads int16 from an odd byte offset (a view into a larger buffer)', () => {
    const backing = new Uint8Array([9, 0x34, 0x12, 0xff, 0x7f]);
    expect(Array.from(bytesLEToInt16(backing.subarray(1)))).toEqual([0x1234, 0x7fff]);
  });

  it('copies: the result does not change with its source (either direction), also from a subarray', () => {
    const backing = Int16Array.from([7, 0x0102, -2, 9]);
    const bytes = int16ToBytesLE(backing.subarray(1, 3));
    backing[1] = 0;
    expect(Array.from(bytes)).toEqual([0x02, 0x01, 0xfe, 0xff]);
    const raw = Uint8Array.from([0x02, 0x01]);
    const samples = bytesLEToInt16(raw);
    raw[0] = 0;
    expect(Array.from(samples)).toEqual([0x0102]);
  });

  it('int16BytesLE gives the same little-endian bytes, of a subarray too', () => {
    const backing = Int16Array.from([7, 0x0102, -2, 9]);
    const part = backing.subarray(1, 3);
    expect(Array.from(int16BytesLE(part))).toEqual(Array.from(int16ToBytesLE(part)));
    expect(int16ToBase64(part)).toBe(Buffer.from([0x02, 0x01, 0xfe, 0xff]).toString('base64'));
  });

  it('int16FromBytesLE reads the same samples at even and odd offsets', () => {
    const backing = new Uint8Array([9, 0x34, 0x12, 0xff, 0x7f, 0]);
    expect(Array.from(int16FromBytesLE(backing.subarray(1, 5)))).toEqual([0x1234, 0x7fff]);
    expect(Array.from(int16FromBytesLE(backing.subarray(2, 6)))).toEqual([-238, 0x7f]);
    expect(() => int16FromBytesLE(new Uint8Array(3))).toThrow(RangeError);
  });

  it('rejects an odd PCM16 byte length', () => {
    expect(() => bytesLEToInt16(new Uint8Array(3))).toThrow(RangeError);
  });

  it('round-trips float32 bytes', () => {
    const floats = Float32Array.from([0.25, -0.5, 1e-3]);
    expect(Array.from(bytesLEToFloat32(float32ToBytesLE(floats)))).toEqual(Array.from(floats));
  });
});

describe('PcmByteDecoder', () => {
  it('reassembles PCM16 samples split across chunks at odd offsets', () => {
    const samples = Int16Array.from({ length: 101 }, (_, i) => ((i * 997) % 65536) - 32768);
    const bytes = int16ToBytesLE(samples);
    const decoder = new PcmByteDecoder('pcm_s16le');
    const out: number[] = [];
    for (let offset = 0; offset < bytes.length; offset += 7)
      out.push(...decoder.push(bytes.subarray(offset, offset + 7)));
    expect(out).toEqual(Array.from(samples));
    expect(decoder.pendingBytes).toBe(0);
  });

  it('with chunksStayUnchanged reads aligned PCM16 in place; unaligned bytes, carried ones and the default are copied', () => {
    const bytes = int16ToBytesLE(Int16Array.from([1, -2, 300, -32768, 32767]));
    const inPlace = new PcmByteDecoder('pcm_s16le', { chunksStayUnchanged: true });
    const aligned = inPlace.push(bytes);
    expect([...aligned]).toEqual([1, -2, 300, -32768, 32767]);
    expect(aligned.buffer).toBe(bytes.buffer);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const odd = inPlace.push(shifted.subarray(1));
    expect([...odd]).toEqual([1, -2, 300, -32768, 32767]);
    expect(odd.buffer).not.toBe(shifted.buffer);
    // A sample split over two chunks: the first chunk's whole samples in place, the carried one joined.
    const first = inPlace.push(bytes.subarray(0, 5));
    const second = inPlace.push(bytes.subarray(5));
    expect([...first, ...second]).toEqual([1, -2, 300, -32768, 32767]);
    expect(first.buffer).toBe(bytes.buffer);
    const copied = new PcmByteDecoder('pcm_s16le').push(bytes);
    expect([...copied]).toEqual([1, -2, 300, -32768, 32767]);
    expect(copied.buffer).not.toBe(bytes.buffer);
  });

  it('decodes float32 streams to PCM16, keeping partial samples', () => {
    const floats = Float32Array.from([0.5, -0.5, 0.25]);
    const bytes = float32ToBytesLE(floats);
    const decoder = new PcmByteDecoder('pcm_f32le');
    const first = decoder.push(bytes.subarray(0, 5));
    expect(decoder.pendingBytes).toBe(1);
    const second = decoder.push(bytes.subarray(5));
    expect([...first, ...second]).toEqual([16384, -16384, 8192]);
  });

  it('pushFloat32 keeps float precision, from either encoding', () => {
    const floats = Float32Array.from([0.123456, -0.5]);
    const f32 = new PcmByteDecoder('pcm_f32le');
    expect(Array.from(f32.pushFloat32(float32ToBytesLE(floats)))).toEqual(Array.from(floats));
    const s16 = new PcmByteDecoder('pcm_s16le');
    expect(Array.from(s16.pushFloat32(Uint8Array.from([0x00, 0x40, 0x00])))).toEqual([0.5]);
    expect(s16.pendingBytes).toBe(1);
  });
});
