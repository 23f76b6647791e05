import { afterEach, describe, expect, it } from 'vitest';
import { sine } from '../signals.js';
import { openWsPair } from './test-ws-pair.js';
import { WebSocketAudioSink } from './websocket-audio-sink.js';

const pairs: Awaited<ReturnType<typeof openWsPair>>[] = [];
async function pair() {
  const p = await openWsPair();
  pairs.push(p);
  return p;
}
afterEach(async () => {
  for (const p of pairs.splice(0)) await p.close();
});

const frame = (ms: number, sampleRate = 16_000) => sine({ frequencyHz: 440, durationMs: ms, sampleRate });

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('WebSocketAudioSink protocol', () => {
  it('sends audio_start, binary PCM16 LE frames, then audio_end on flush()', async () => {
    const { server, messages, frames } = await pair();
    const sink = new WebSocketAudioSink({ socket: server, realtimeFactor: 50 });
    sink.beginTurn('t-42');
    const sent = [frame(20), frame(20)];
    for (const f of sent) await sink.write(f);
    await sink.flush();
    await until(() => messages.length >= 4);
    expect(messages).toEqual([
      { type: 'audio_start', turnId: 't-42', sampleRate: 16_000 },
      { type: 'binary' },
      { type: 'binary' },
      { type: 'audio_end', turnId: 't-42' },
    ]);
    expect(Array.from(frames[0]!.samples)).toEqual(Array.from(sent[0]!.samples));
  });

  it('numbers turns itself and starts a new turn after each flush', async () => {
    const { server, messages } = await pair();
    const sink = new WebSocketAudioSink({ socket: server, realtimeFactor: 50 });
    await sink.write(frame(10));
    await sink.flush();
    await sink.write(frame(10));
    await sink.flush();
    await until(() => messages.length >= 6);
    expect(messages.filter((m) => m.type !== 'binary')).toEqual([
      { type: 'audio_start', turnId: 'turn-1', sampleRate: 16_000 },
      { type: 'audio_end', turnId: 'turn-1' },
      { type: 'audio_start', turnId: 'turn-2', sampleRate: 16_000 },
      { type: 'audio_end', turnId: 'turn-2' },
    ]);
  });

  it('clear() ends the turn at once and the next audio opens a new one', async () => {
    const { server, messages } = await pair();
    const sink = new WebSocketAudioSink({ socket: server, leadMs: 100, realtimeFactor: 1 });
    sink.beginTurn('a');
    for (let i = 0; i < 100; i++) void sink.write(frame(20));
    await until(() => messages.some((m) => m.type === 'binary'));
    const dropped = sink.clear();
    expect(dropped).toBeGreaterThan(1000);
    expect(sink.currentTurnId).toBeUndefined();
    sink.beginTurn('b');
    await sink.write(frame(20));
    await sink.flush();
    await until(() => messages.filter((m) => m.type === 'audio_end').length >= 2);
    const control = messages.filter((m) => m.type !== 'binary');
    expect(control).toEqual([
      { type: 'audio_start', turnId: 'a', sampleRate: 16_000 },
      { type: 'audio_end', turnId: 'a' },
      { type: 'audio_start', turnId: 'b', sampleRate: 16_000 },
      { type: 'audio_end', turnId: 'b' },
    ]);
    // Only the lead (about 100 ms) of turn a left before the clear.
    const binaryBeforeEnd = messages.findIndex((m) => m.type === 'audio_end');
    expect(binaryBeforeEnd - 1).toBeLessThan(10);
  });

  it('paces to real time plus the lead instead of sending everything at once', async () => {
    const { server, messages } = await pair();
    const sink = new WebSocketAudioSink({ socket: server, leadMs: 100, realtimeFactor: 1 });
    for (let i = 0; i < 50; i++) void sink.write(frame(20)); // 1 s of audio
    await new Promise((r) => setTimeout(r, 150));
    // After 150 ms a paced sink has sent about 150 + 100 ms, far from the whole second.
    expect(sink.deliveredMs).toBeGreaterThanOrEqual(100);
    expect(sink.deliveredMs).toBeLessThan(600);
    expect(messages.filter((m) => m.type === 'binary').length).toBeLessThan(30);
    sink.clear();
  });

  it('by default, once the lead is full, joins 40 ms frames three to a message', async () => {
    const { server, frames } = await pair();
    const sink = new WebSocketAudioSink({ socket: server, realtimeFactor: 4 });
    const written = Array.from({ length: 30 }, () => sink.write(frame(40))); // 1.2 s of audio
    await Promise.all(written);
    await sink.flush();
    await until(() => frames.reduce((ms, f) => ms + (f.samples.length / 16_000) * 1000, 0) >= 1200);
    const sizes = frames.map((f) => (f.samples.length / 16_000) * 1000);
    // Whole frames, three at most to a message (80 ms with 100 ms batches); the turn's last batch as it comes due.
    expect(sizes.every((ms) => ms % 40 === 0)).toBe(true);
    expect(sizes.filter((ms) => ms === 120).length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...sizes)).toBe(120);
  });

  it('keeps whole batches when its timers fire early by its clock (a busy event loop)', async () => {
    const { server, frames } = await pair();
    // A clock at 0.8 of real speed: every pacing timer fires early by it, as timers do by performance.now()
    // when the loop's cached time lags behind a long callback.
    const start = performance.now();
    const now = () => (performance.now() - start) * 0.8;
    const sink = new WebSocketAudioSink({ socket: server, realtimeFactor: 4, now });
    const written = Array.from({ length: 30 }, () => sink.write(frame(40)));
    await Promise.all(written);
    await sink.flush();
    await until(() => frames.reduce((ms, f) => ms + (f.samples.length / 16_000) * 1000, 0) >= 1200);
    const sizes = frames.map((f) => (f.samples.length / 16_000) * 1000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1200);
    // Past the lead's first 250 ms and before the flushed turn's last 120 ms, every message is a whole batch.
    let sentMs = 0;
    const steady: number[] = [];
    for (const ms of sizes) {
      if (sentMs >= 250 && sentMs + ms <= 1080) steady.push(ms);
      sentMs += ms;
    }
    expect(steady.length).toBeGreaterThanOrEqual(6);
    // Early timers alone would make every one of them 80 ms. A timer that fires late on a loaded
    // machine may still leave one short batch while the sink catches up: most must be whole.
    expect(steady.filter((ms) => ms === 120).length).toBeGreaterThanOrEqual(Math.ceil(steady.length * 0.75));
    expect(Math.max(...steady)).toBe(120);
  });

  it('re-announces the rate when frames change sample rate mid-turn', async () => {
    const { server, messages, frames } = await pair();
    const sink = new WebSocketAudioSink({ socket: server, realtimeFactor: 50 });
    sink.beginTurn('r');
    await sink.write(frame(10, 16_000));
    await sink.write(frame(10, 24_000));
    await sink.flush();
    await until(() => messages.filter((m) => m.type === 'audio_end').length >= 2);
    expect(messages.filter((m) => m.type !== 'binary')).toEqual([
      { type: 'audio_start', turnId: 'r', sampleRate: 16_000 },
      { type: 'audio_end', turnId: 'r' },
      { type: 'audio_start', turnId: 'r', sampleRate: 24_000 },
      { type: 'audio_end', turnId: 'r' },
    ]);
    expect(frames.map((f) => f.sampleRate)).toEqual([16_000, 24_000]);
  });

  it('a closed socket fails the sink: pending and later writes reject', async () => {
    const p = await pair();
    const sink = new WebSocketAudioSink({ socket: p.server, leadMs: 20, realtimeFactor: 1 });
    const writes = Array.from({ length: 20 }, () => sink.write(frame(20)));
    p.server.close();
    await until(() => p.server.readyState === 3);
    const flushed = sink.flush().then(
      () => 'resolved',
      (error: Error) => error.name,
    );
    expect(await flushed).toBe('AudioSinkClosedError');
    await Promise.allSettled(writes);
    await expect(sink.write(frame(20))).rejects.toThrow(/not open/);
  });

  it('clear() takes well under 10 ms with 100 000 queued frames', async () => {
    const { server } = await pair();
    const sink = new WebSocketAudioSink({ socket: server, leadMs: 0, realtimeFactor: 1, highWaterMs: 1e9 });
    const small = frame(10);
    // Best of three: a slow clear() is slow every time, a busy CI host only once.
    const timings: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 100_000; i++) void sink.write(small);
      const started = performance.now();
      const dropped = sink.clear();
      timings.push(performance.now() - started);
      expect(dropped).toBeGreaterThan(999_000);
      expect(sink.queuedMs).toBe(0);
    }
    expect(Math.min(...timings)).toBeLessThan(10);
  });
});
