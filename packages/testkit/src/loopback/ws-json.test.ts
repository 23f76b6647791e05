import { describe, expect, it } from 'vitest';
import { wsBytes } from './ws-json.js';

describe('wsBytes', () => {
  it('takes a Buffer as it is, without a copy', () => {
    const data = Buffer.from([1, 2, 3, 4]);
    expect(wsBytes(data)).toBe(data);
  });

  it('joins fragments, and reads an ArrayBuffer in place', () => {
    expect([...wsBytes([Buffer.from([1, 2]), Buffer.from([3])])]).toEqual([1, 2, 3]);
    const buffer = new Uint8Array([5, 6, 7]).buffer;
    const bytes = wsBytes(buffer);
    expect([...bytes]).toEqual([5, 6, 7]);
    expect(bytes.buffer).toBe(buffer);
  });
});
