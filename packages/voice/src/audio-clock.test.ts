import { describe, expect, it } from 'vitest';
import { AudioClock } from './audio-clock.js';

describe('AudioClock', () => {
  it('maps audio pushed in real time as the stream’s opening plus the audio time', () => {
    const clock = new AudioClock();
    // 20 ms frames pushed from 5,000 ms on, one every 20 ms.
    for (let i = 0; i < 100; i++) clock.pushed(20, 5_000 + i * 20);
    expect(clock.toClock(0)).toBe(5_000);
    expect(clock.toClock(1_234)).toBe(6_234);
    expect(clock.toClock(1_990)).toBe(6_990);
  });

  it('maps a backlog pushed at one instant to that instant, not past it', () => {
    const clock = new AudioClock();
    for (let i = 0; i < 10; i++) clock.pushed(20, 1_000 + i * 20);
    // The loop stalled: 2 s of audio arrive at once at 3,000 ms.
    for (let i = 0; i < 100; i++) clock.pushed(20, 3_000);
    // Audio at 200 ms (the backlog's first frame) was received at 3,000, not at 1,000 + 200.
    expect(clock.toClock(200)).toBe(3_000);
    // Within a frame, its offset; never more than one frame past the push.
    expect(clock.toClock(2_190)).toBe(3_010);
    // Before the stall, real time still holds.
    expect(clock.toClock(100)).toBe(1_100);
  });

  it('maps a time older than the kept pushes from the oldest, at real time', () => {
    const clock = new AudioClock(4);
    for (let i = 0; i < 10; i++) clock.pushed(20, 100 + i * 20);
    // Kept: frames 6..9 (audio 120..200 ms, pushed at 220..280).
    expect(clock.toClock(130)).toBe(230);
    expect(clock.toClock(20)).toBe(120);
  });

  it('starts again with a new stream', () => {
    const clock = new AudioClock();
    clock.pushed(20, 1_000);
    clock.pushed(20, 1_020);
    clock.reset();
    clock.pushed(20, 9_000);
    expect(clock.toClock(10)).toBe(9_010);
  });
});
