import { collectStream as collect } from '@bot-backend/testkit';
import { describe, expect, it } from 'vitest';
import { PartQueue } from './part-queue.js';

describe('PartQueue', () => {
  it('hands parts out in order, including those pushed while the reader waits', async () => {
    const queue = new PartQueue<number>();
    queue.push(1);
    const reading = collect(queue);
    await new Promise((resolve) => setTimeout(resolve, 5));
    queue.push(2);
    queue.push(3);
    queue.end();
    expect(await reading).toEqual([1, 2, 3]);
  });

  it('drains what is queued after end(), and drops what comes later', async () => {
    const queue = new PartQueue<string>();
    queue.push('a');
    queue.end();
    queue.push('late');
    expect(queue.ended).toBe(true);
    expect(await collect(queue)).toEqual(['a']);
  });

  it('abort() drops unread parts; its last part is the only one still read', async () => {
    const queue = new PartQueue<string>();
    queue.push('frame 1');
    queue.push('frame 2');
    queue.abort('error');
    queue.push('after');
    expect(await collect(queue)).toEqual(['error']);

    const silent = new PartQueue<string>();
    silent.push('x');
    silent.abort();
    expect(await collect(silent)).toEqual([]);
  });

  it('has one reader: a second iteration throws instead of splitting the stream', async () => {
    const queue = new PartQueue<number>();
    queue[Symbol.asyncIterator]();
    expect(() => queue[Symbol.asyncIterator]()).toThrow(/one reader/);
  });

  it('a reader that stops early ends the queue and tells the owner, once', async () => {
    let released = 0;
    const queue = new PartQueue<number>(() => {
      released += 1;
    });
    queue.push(1);
    queue.push(2);
    for await (const item of queue) {
      expect(item).toBe(1);
      break;
    }
    expect(queue.ended).toBe(true);
    expect(released).toBe(1);
    queue.push(3);
    expect(released).toBe(1);
  });

  it('a reader that reads to the end does not count as stopping early', async () => {
    let released = 0;
    const queue = new PartQueue<number>(() => {
      released += 1;
    });
    queue.push(1);
    queue.end();
    expect(await collect(queue)).toEqual([1]);
    expect(released).toBe(0);
  });
});
