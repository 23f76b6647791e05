import { describe, expect, it } from 'vitest';
import { RetainedAudio } from './retained-audio.js';

const ramp = (from: number, count: number) => Int16Array.from({ length: count }, (_, i) => from + i);

describe('RetainedAudio', () => {
  it('keeps a copy of what was pushed and slices across chunk edges', () => {
    const audio = new RetainedAudio();
    const first = ramp(0, 5);
    audio.push(first);
    audio.push(ramp(5, 5));
    first.fill(-1);
    expect(audio.pushed).toBe(10);
    expect([...audio.slice(3, 4)]).toEqual([3, 4, 5, 6]);
    expect([...audio.slice(8, 10)]).toEqual([8, 9]);
    expect([audio.frameRest(0), audio.frameRest(3), audio.frameRest(5), audio.frameRest(10)]).toEqual([
      5, 2, 5, 0,
    ]);
  });

  it('hands out a range inside one block without copying it, and copies one that spans blocks', () => {
    const audio = new RetainedAudio();
    audio.push(ramp(0, 5));
    audio.push(ramp(5, 5));
    const whole = audio.slice(5, 5);
    const part = audio.slice(6, 3);
    const acrossFrames = audio.slice(3, 4);
    expect([...part]).toEqual([6, 7, 8]);
    expect([...acrossFrames]).toEqual([3, 4, 5, 6]);
    expect(part.buffer).toBe(whole.buffer);
    expect(acrossFrames.buffer).toBe(whole.buffer);
    // Frames of 8000 samples: two fill the first block, the third starts another.
    const big = new RetainedAudio();
    for (let i = 0; i < 3; i++) big.push(ramp(i * 8000, 8000));
    const inFirst = big.slice(7990, 20);
    const inSecond = big.slice(16_000, 10);
    const acrossBlocks = big.slice(15_995, 10);
    expect(inFirst.buffer).not.toBe(inSecond.buffer);
    expect(acrossBlocks.buffer).not.toBe(inFirst.buffer);
    expect(acrossBlocks.buffer).not.toBe(inSecond.buffer);
    expect([...acrossBlocks]).toEqual([...ramp(15_995, 10)]);
    expect([big.frameRest(15_995), big.frameRest(16_000)]).toEqual([5, 8000]);
  });

  it('never writes to what it handed out: later pushes, releases and new blocks leave a view as it was', () => {
    const audio = new RetainedAudio();
    audio.push(ramp(0, 320));
    const sent = audio.slice(0, 320);
    const before = [...sent];
    for (let i = 1; i < 200; i++) audio.push(ramp(-i, 320));
    audio.release(60_000);
    for (let i = 0; i < 100; i++) audio.push(ramp(i, 320));
    expect([...sent]).toEqual(before);
    expect(audio.held).toBe(audio.pushed - 60_000);
    // Global index 60 000 lies in frame 187 (pushed as ramp(-187, 320)), 160 samples in.
    expect([...audio.slice(60_000, 2)]).toEqual([-187 + 160, -187 + 161]);
  });

  it('replays long held audio in order, frame by frame, after many pushes and partial releases', () => {
    const audio = new RetainedAudio();
    for (let i = 0; i < 500; i++) audio.push(ramp(i * 320, 320));
    audio.release(50_000);
    const replay: number[] = [];
    for (let at = audio.covered; at < audio.pushed; ) {
      const part = audio.slice(at, audio.frameRest(at));
      replay.push(part[0] as number, part.length);
      at += part.length;
    }
    // The first part is the rest of the frame holding 50 000 (frames end at multiples of 320), then whole
    // frames; the samples were their global index, kept as Int16 (wrapped).
    const asInt16 = (n: number) => Int16Array.of(n)[0];
    expect(replay.slice(0, 4)).toEqual([asInt16(50_000), 50_240 - 50_000, asInt16(50_240), 320]);
    expect(replay.length / 2).toBe(1 + (500 * 320 - 50_240) / 320);
  });

  it('releases what a final covers and never hands it out again', () => {
    const audio = new RetainedAudio();
    audio.push(ramp(0, 4));
    audio.push(ramp(4, 4));
    audio.release(6);
    expect(audio.covered).toBe(6);
    expect(audio.held).toBe(2);
    expect([...audio.slice(0, 8)]).toEqual([6, 7]);
    audio.release(3);
    expect(audio.covered).toBe(6);
  });

  it('never counts more as covered than was pushed, and clear() drops all', () => {
    const audio = new RetainedAudio();
    audio.push(ramp(0, 4));
    audio.release(100);
    expect(audio.covered).toBe(4);
    audio.push(ramp(4, 2));
    audio.clear();
    expect(audio.held).toBe(0);
    expect(audio.slice(0, 10).length).toBe(0);
  });
});
