import { describe, expect, it } from 'vitest';
import { GrowthTracker } from './outbox-growth.js';

describe('growth tracker', () => {
  it('is not growing before the window is covered, nor when empty', () => {
    const tracker = new GrowthTracker(1_000);
    tracker.sample(0, 1);
    expect(tracker.growing(500, 5)).toBe(false);
    expect(tracker.growing(2_000, 0)).toBe(false);
  });

  it('is growing when the depth rose across the window without dipping below its start', () => {
    const tracker = new GrowthTracker(1_000);
    tracker.delivered(0);
    for (const [i, at] of [0, 200, 400, 600, 800, 1_000, 1_200].entries()) tracker.sample(at, 2 + i);
    tracker.delivered(900);
    expect(tracker.growing(1_300, 9)).toBe(true);
  });

  it('is not growing when the depth dipped below the start within the window', () => {
    const tracker = new GrowthTracker(1_000);
    tracker.sample(0, 5);
    tracker.sample(300, 1);
    tracker.sample(700, 8);
    tracker.delivered(300);
    expect(tracker.growing(1_100, 9)).toBe(false);
  });

  it('is growing at a flat depth only when nothing was delivered in the window', () => {
    const stuck = new GrowthTracker(1_000);
    stuck.sample(0, 3);
    stuck.delivered(-10);
    expect(stuck.growing(1_500, 3)).toBe(true);

    const flowing = new GrowthTracker(1_000);
    flowing.sample(0, 3);
    flowing.delivered(1_200);
    expect(flowing.growing(1_500, 3)).toBe(false);
  });
});
