import { describe, expect, it } from 'vitest';
import { vadWindows } from './vad-windows.js';

describe('vadWindows', () => {
  it('cuts PCM16 into 20 ms views, the last one shorter', () => {
    const bytes = Buffer.alloc(16_000 * 2 * 0.05); // 50 ms at 16 kHz
    const windows = [...vadWindows(bytes, 16_000)];
    expect(windows.map((w) => w.length)).toEqual([640, 640, 320]);
    expect(windows[1]!.buffer).toBe(bytes.buffer);
  });
});
