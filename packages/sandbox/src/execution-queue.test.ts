import { describe, expect, it } from 'vitest';
import { ExecutionQueue, SandboxBusyError } from './execution-queue.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('ExecutionQueue', () => {
  it('runs at most maxConcurrent, queues up to maxQueued and refuses the rest', async () => {
    const queue = new ExecutionQueue(2, 1);
    const gates = [deferred(), deferred(), deferred()];
    let peak = 0;
    let running = 0;
    const task = (i: number) => async () => {
      running += 1;
      peak = Math.max(peak, running);
      await gates[i]!.promise;
      running -= 1;
      return i;
    };
    const a = queue.run(task(0));
    const b = queue.run(task(1));
    const c = queue.run(task(2));
    await expect(queue.run(task(2))).rejects.toSatisfy(
      (e: unknown) => SandboxBusyError.isInstance(e) && e.retryAfterMs >= 1000,
    );
    expect(queue.active).toBe(2);
    expect(queue.depth).toBe(1);
    gates[0]!.resolve();
    expect(await a).toBe(0);
    gates[1]!.resolve();
    gates[2]!.resolve();
    expect(await Promise.all([b, c])).toEqual([1, 2]);
    expect(peak).toBe(2);
    expect(queue.active).toBe(0);
    expect(queue.depth).toBe(0);
  });

  it('frees the slot when a task throws', async () => {
    const queue = new ExecutionQueue(1, 0);
    await expect(queue.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(async () => 'next')).toBe('next');
    expect(queue.active).toBe(0);
  });
});
