import type { AudioFrame } from '@bot-backend/interfaces';
import { describe, expect, it } from 'vitest';
import { MemoryAudioSink } from './memory-audio-sink.js';

const frame = (ms: number, value = 1): AudioFrame => ({
  samples: new Int16Array((16_000 * ms) / 1000).fill(value),
  sampleRate: 16_000,
});

/** A MemoryAudioSink that notes how far ahead of real time each message left. */
class TimedSink extends MemoryAudioSink {
  readonly aheadMs: number[] = [];
  private firstAt: number | undefined;
  private sentMs = 0;

  protected override deliver(frame: AudioFrame): void {
    const now = performance.now();
    this.firstAt ??= now;
    this.sentMs += (frame.samples.length / frame.sampleRate) * 1000;
    this.aheadMs.push(this.sentMs - (now - this.firstAt));
    super.deliver(frame);
  }
}

describe('QueuedAudioSink batching (batchMs)', () => {
  const run = async (batchMs: number | undefined) => {
    const sink = new TimedSink({ leadMs: 60, batchMs, realtimeFactor: 1 });
    for (let i = 1; i <= 15; i++) void sink.write(frame(10, i));
    // The turn's audio is all written only later: until then the sink batches.
    await new Promise((resolve) => setTimeout(resolve, 110));
    await sink.flush();
    return sink;
  };

  it('sends a full lead in messages of up to batchMs, frames joined in order, never further ahead than before', async () => {
    const sink = await run(40);
    const samplesPerFrame = 160;
    expect([...sink.audio()!.samples]).toEqual(
      Array.from({ length: 15 * samplesPerFrame }, (_, i) => Math.floor(i / samplesPerFrame) + 1),
    );
    expect(sink.deliveredMs).toBe(150);
    expect(sink.frames.every((f) => f.samples.length <= 4 * samplesPerFrame)).toBe(true);
    // 150 ms of 10 ms frames: one message each without batching, about a third of that with it.
    expect(sink.frames.length).toBeLessThanOrEqual(8);
    // The tail, once flushed, left as it came due (within the lead), not a batch later.
    expect(sink.aheadMs.at(-1)).toBeGreaterThan(60 - 40);
    // The lead (60 ms) plus one frame, as frame by frame, and a few ms of timer lateness.
    expect(Math.max(...sink.aheadMs)).toBeLessThanOrEqual(60 + 10 + 5);
  });

  it('keeps batching while a flush waits for audio still being written (a player awaits flush() from the first frame)', async () => {
    const sink = new TimedSink({ leadMs: 60, batchMs: 40, realtimeFactor: 1 });
    void sink.write(frame(10, 1));
    const flushed = sink.flush();
    // The rest of the reply comes while the flush waits, faster than real time (a TTS ahead of playback).
    for (let i = 2; i <= 30; i++) {
      void sink.write(frame(10, i));
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await flushed;
    expect(sink.deliveredMs).toBe(300);
    // 300 ms of 10 ms frames: the lead frame by frame (6), then messages of up to 40 ms; 30 without batching.
    expect(sink.frames.length).toBeLessThanOrEqual(16);
    expect(sink.aheadMs.at(-1)).toBeGreaterThan(60 - 40);
    expect(Math.max(...sink.aheadMs)).toBeLessThanOrEqual(60 + 10 + 5);
  });

  it('without batchMs, every frame leaves alone', async () => {
    const sink = await run(undefined);
    expect(sink.frames.length).toBe(15);
  });

  it('joins only frames of one rate', async () => {
    const sink = new MemoryAudioSink({ leadMs: 60, batchMs: 40 });
    void sink.write(frame(10, 1));
    void sink.write({ samples: new Int16Array(240).fill(2), sampleRate: 24_000 });
    void sink.write(frame(10, 3));
    await sink.flush();
    expect(sink.frames.map((f) => [f.sampleRate, f.samples[0]])).toEqual([
      [16_000, 1],
      [24_000, 2],
      [16_000, 3],
    ]);
  });
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
