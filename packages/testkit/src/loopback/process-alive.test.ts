import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { processAlive } from './process-alive.js';

it('tells a running process from one that has exited', async () => {
  expect(processAlive(process.pid)).toBe(true);
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
  const pid = child.pid!;
  expect(processAlive(pid)).toBe(true);
  child.kill('SIGKILL');
  await once(child, 'exit');
  expect(processAlive(pid)).toBe(false);
});
