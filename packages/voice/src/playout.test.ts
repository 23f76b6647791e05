import { MemoryAudioSink, silence } from '@bot-backend/audio';
import { describe, expect, it } from 'vitest';
import { HeardText } from './heard-text.js';
import { Playout } from './playout.js';

const frames = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    const frame = silence(20, 16_000);
    frame.samples.fill(i + 1); // each frame recognisable by its value
    return frame;
  });

describe('Playout', () => {
  it('a reply stopped before any of it left (released, its first frame not yet here) sends no clear', async () => {
    const sink = new MemoryAudioSink();
    const playout = new Playout(sink, 0, { held: true });
    playout.release();
    playout.pause();
    expect(playout.stop()).toBe(0);
    playout.push(frames(1)[0]!);
    await playout.drained();
    expect(playout.started).toBe(false);
    expect(sink.frames).toHaveLength(0);
    expect(sink.clears).toHaveLength(0);
    // Once a frame has left, stopping clears it from the listener's buffer as before.
    const playing = new Playout(sink);
    playing.push(frames(1)[0]!);
    await playing.firstAudio;
    expect(playing.started).toBe(true);
    playing.stop();
    expect(sink.clears).toHaveLength(1);
  });

  it('sends every frame in order and counts it as heard', async () => {
    const sink = new MemoryAudioSink();
    const playout = new Playout(sink);
    for (const frame of frames(10)) playout.push(frame);
    await playout.drained();
    expect(sink.frames.map((f) => f.samples[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(playout.heardMs).toBe(200);
  });

  it('pause silences the sink at once and resume continues where the listener was', async () => {
    // 10x real time with a 40 ms lead: most of the reply is still queued when we pause.
    const sink = new MemoryAudioSink({ leadMs: 40, realtimeFactor: 10 });
    const playout = new Playout(sink);
    for (const frame of frames(50)) playout.push(frame);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    playout.pause();
    const pauseMs = performance.now() - started;
    const heardAtPause = playout.heardMs;
    const sentAtPause = sink.frames.length;
    expect(pauseMs).toBeLessThan(10);
    expect(sentAtPause).toBeLessThan(50);
    expect(sink.clears).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sink.frames.length).toBe(sentAtPause); // silent while paused

    playout.resume();
    await playout.drained();
    const values = sink.frames.map((f) => f.samples[0]!);
    // Nothing lost: the last value is the last frame, and the resumed part starts at or before the pause point.
    expect(values.at(-1)).toBe(50);
    const resumedFrom = values[sentAtPause]!;
    expect(resumedFrom).toBeLessThanOrEqual(heardAtPause / 20 + 1);
    expect(new Set(values).size).toBe(50);
  });

  it('drained() waits for every frame when a pause and its resume both come while it waits', async () => {
    const sink = new MemoryAudioSink({ leadMs: 40, realtimeFactor: 10 });
    const playout = new Playout(sink);
    for (const frame of frames(30)) playout.push(frame);
    const drained = playout.drained();
    await new Promise((resolve) => setTimeout(resolve, 15));
    // A backchannel judged at once: the sink is cleared and playback goes on in the same tick.
    playout.pause();
    playout.resume();
    await drained;
    expect(sink.frames.map((f) => f.samples[0]).at(-1)).toBe(30);
    expect(sink.queuedMs).toBe(0);
  });

  it('stop ends the reply: nothing more leaves and heardMs stays put', async () => {
    const sink = new MemoryAudioSink({ leadMs: 40, realtimeFactor: 10 });
    const playout = new Playout(sink);
    for (const frame of frames(30)) playout.push(frame);
    await new Promise((resolve) => setTimeout(resolve, 15));
    const heard = playout.stop();
    const sent = sink.frames.length;
    playout.push(frames(1)[0]!);
    playout.resume();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sink.frames.length).toBe(sent);
    expect(playout.heardMs).toBe(heard);
    expect(heard).toBeLessThan(600);
  });
});

describe('HeardText', () => {
  it('keeps whole sentences that were played and cuts the next at a word boundary', () => {
    const text = new HeardText();
    text.addSentence('Thanks for that answer.');
    text.addAudio(1_000);
    text.addSentence('Now tell me how you would shard the orders table.');
    text.addAudio(2_000);
    expect(text.textAt(3_000)).toBe(
      'Thanks for that answer. Now tell me how you would shard the orders table.',
    );
    expect(text.textAt(1_000)).toBe('Thanks for that answer.');
    expect(text.textAt(2_000)).toBe('Thanks for that answer. Now tell me how you');
    expect(text.textAt(500)).toBe('Thanks for');
    expect(text.textAt(0)).toBe('');
  });
});
