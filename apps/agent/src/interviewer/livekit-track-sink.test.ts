import { CLEAR_BUDGET_MS } from '@bot-backend/conformance';
import type { AudioFrame } from '@bot-backend/interfaces';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveKitTrackSink } from './livekit-track-sink.js';

const rate = 16_000;
/** `ms` of audio in 20 ms frames. */
function frames(ms: number, sampleRate = rate): AudioFrame[] {
  const perFrame = sampleRate / 50;
  return Array.from({ length: ms / 20 }, (_, f) => ({
    samples: Int16Array.from({ length: perFrame }, (_, i) => ((f * perFrame + i) % 2000) - 1000),
    sampleRate,
  }));
}

// A real rtc-node AudioSource (the FFI runs locally; no room is needed to capture frames).
const sinks: LiveKitTrackSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});
function sink(options: { sourceQueueMs?: number } = {}) {
  const s = new LiveKitTrackSink({ sampleRate: rate, ...options });
  sinks.push(s);
  return s;
}

describe('LiveKitTrackSink', () => {
  it('paces frames into the source at real time and flush() waits for their playout', async () => {
    const s = sink({ sourceQueueMs: 100 });
    expect(s.track.name).toBe('agent-voice');
    const started = performance.now();
    for (const frame of frames(400)) await s.write(frame);
    await s.flush();
    const elapsed = performance.now() - started;
    expect(s.deliveredMs).toBe(400);
    expect(s.unplayedMs).toBe(0);
    // 400 ms of audio cannot have played in much less (generous bound: the source's buffer may lead).
    expect(elapsed).toBeGreaterThan(200);
  });

  it('clear() drops the queued backlog and the source buffer at once (barge-in)', async () => {
    const s = sink();
    for (const frame of frames(3_000)) void s.write(frame);
    // Let the first frames reach the source.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = s.deliveredMs;
    const t0 = performance.now();
    const dropped = s.clear();
    const took = performance.now() - t0;
    expect(took).toBeLessThan(CLEAR_BUDGET_MS);
    expect(dropped).toBeGreaterThan(2_000);
    expect(s.queuedMs).toBe(0);
    expect(s.unplayedMs).toBe(0);
    await s.flush();
    // Nothing of the dropped backlog left the sink afterwards (at most the frame in flight).
    expect(s.deliveredMs - before).toBeLessThanOrEqual(40);
    // Still usable after clear().
    for (const frame of frames(100)) await s.write(frame);
    await s.flush();
    expect(s.deliveredMs).toBeGreaterThanOrEqual(before + 100);
  });

  it('refuses frames at another rate than the track’s', async () => {
    const s = sink();
    await expect(s.write(frames(20, 48_000)[0]!)).rejects.toThrow(/16000 Hz/);
  });
});
