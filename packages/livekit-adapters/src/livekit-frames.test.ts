import { AudioFrame } from '@livekit/rtc-node';
import { describe, expect, it } from 'vitest';
import { fromLiveKitFrame, toLiveKitFrame } from './livekit-frames.js';

describe('frame conversion', () => {
  it('our mono frame → rtc-node frame → our frame keeps rate and samples', () => {
    const samples = Int16Array.from([0, 1000, -1000, 32767, -32768]);
    const frame = toLiveKitFrame({ samples, sampleRate: 16_000 });
    expect(frame).toBeInstanceOf(AudioFrame);
    expect(frame.channels).toBe(1);
    expect(frame.samplesPerChannel).toBe(5);
    expect(frame.sampleRate).toBe(16_000);
    const back = fromLiveKitFrame(frame);
    expect(back.sampleRate).toBe(16_000);
    expect([...back.samples]).toEqual([...samples]);
  });

  it('a view into a larger buffer is copied, so the frame’s buffer holds only its samples', () => {
    const backing = Int16Array.from([9, 9, 1, 2, 3, 9]);
    const frame = toLiveKitFrame({ samples: backing.subarray(2, 5), sampleRate: 8_000 });
    expect(frame.data.buffer.byteLength).toBe(6);
    expect([...new Int16Array(frame.data.buffer)]).toEqual([1, 2, 3]);
    const whole = Int16Array.from([4, 5]);
    expect(toLiveKitFrame({ samples: whole, sampleRate: 8_000 }).data).toBe(whole);
  });

  it('averages interleaved stereo down to mono', () => {
    const stereo = new AudioFrame(Int16Array.from([100, 300, -200, 200, 1000, 3000]), 48_000, 2, 3);
    const mono = fromLiveKitFrame(stereo);
    expect(mono.sampleRate).toBe(48_000);
    expect([...mono.samples]).toEqual([200, 0, 2000]);
  });
});
