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

  it('hands out a range inside one kept chunk without copying it, and copies one that spans chunks', () => {
    const audio = new RetainedAudio();
    audio.push(ramp(0, 5));
    audio.push(ramp(5, 5));
    const whole = audio.slice(5, 5);
    const part = audio.slice(6, 3);
    expect([...part]).toEqual([6, 7, 8]);
    expect(part.buffer).toBe(whole.buffer);
    const across = audio.slice(3, 4);
    expect(across.buffer).not.toBe(whole.buffer);
    expect([...across]).toEqual([3, 4, 5, 6]);
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
