import type { AudioFrame } from '@bot-backend/interfaces';
import { describe, expect, it } from 'vitest';
import { MemoryAudioSink } from './memory-audio-sink.js';

const frame = (ms: number, value = 1): AudioFrame => ({
  samples: new Int16Array((16_000 * ms) / 1000).fill(value),
  sampleRate: 16_000,
});

describe('QueuedAudioSink behaviour (through MemoryAudioSink)', () => {
  it('without pacing, frames leave in order and deliveredMs counts them', async () => {
    const sink = new MemoryAudioSink();
    await sink.write(frame(20, 1));
    await sink.write(frame(10, 2));
    await sink.flush();
    expect(sink.frames.map((f) => f.samples[0])).toEqual([1, 2]);
    expect(sink.deliveredMs).toBe(30);
    expect(sink.audio()?.samples.length).toBe(480);
  });

  it('write() waits above the high-water mark and resolves as the queue drains', async () => {
    const sink = new MemoryAudioSink({ leadMs: 0, realtimeFactor: 10, highWaterMs: 100 });
    const writes = Array.from({ length: 10 }, () => sink.write(frame(20)));
    let settled = 0;
    for (const w of writes) void w.then(() => settled++);
    await Promise.resolve();
    await Promise.resolve();
    // 200 ms queued with a 100 ms mark: the later writes wait.
    expect(settled).toBeLessThan(10);
    await Promise.all(writes);
    expect(sink.queuedMs).toBeLessThanOrEqual(100);
    await sink.flush();
    expect(sink.deliveredMs).toBe(200);
  });

  it('clear() releases writers blocked on backpressure and records the drop', async () => {
    const sink = new MemoryAudioSink({ leadMs: 0, realtimeFactor: 1, highWaterMs: 40 });
    const writes = Array.from({ length: 10 }, () => sink.write(frame(20)));
    const dropped = sink.clear();
    await Promise.all(writes);
    expect(dropped).toBeGreaterThan(100);
    expect(sink.clears).toEqual([dropped]);
    await sink.flush();
    expect(sink.deliveredMs + dropped).toBeCloseTo(200, 6);
  });

  it('empty frames are accepted and ignored', async () => {
    const sink = new MemoryAudioSink();
    await sink.write({ samples: new Int16Array(0), sampleRate: 16_000 });
    await sink.flush();
    expect(sink.frames).toEqual([]);
  });

  it('close() drains, marks the sink closed and rejects later writes', async () => {
    const sink = new MemoryAudioSink({ leadMs: 0, realtimeFactor: 20 });
    void sink.write(frame(20));
    void sink.write(frame(20));
    await sink.close();
    expect(sink.isClosed).toBe(true);
    expect(sink.deliveredMs).toBe(40);
    await expect(sink.write(frame(20))).rejects.toThrow(/after close/);
  });
});
