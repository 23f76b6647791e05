import { describe, expect, it } from 'vitest';
import { DueQueue } from './due-queue.js';

describe('due queue', () => {
  it('pops entries earliest first, whatever the push order', () => {
    const queue = new DueQueue();
    const times = [50, 10, 40, 10, 99, 0, 30, 70, 20, 60];
    for (const [i, at] of times.entries()) queue.push(at, `e${i}`);
    const popped: number[] = [];
    while (queue.size > 0) popped.push(queue.pop()?.at ?? -1);
    expect(popped).toEqual([...times].sort((a, b) => a - b));
    expect(queue.pop()).toBeUndefined();
  });

  it('peeks without removing', () => {
    const queue = new DueQueue();
    queue.push(5, 'a');
    queue.push(3, 'b');
    expect(queue.peek()).toEqual({ at: 3, id: 'b' });
    expect(queue.size).toBe(2);
  });
});
