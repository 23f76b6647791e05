import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { processAlive } from '@bot-backend/testkit';
import { expect, it } from 'vitest';

// A parent that starts the supervisor the way the client does and is then killed
// with SIGKILL at once, before the supervisor has finished probing or read stdin.
it('the supervisor leaves when the process that started it is killed, even mid start-up', async () => {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const entry = fileURLToPath(new URL('./supervisor-main.ts', import.meta.url));
  const parentCode = `
    const { spawn } = require('node:child_process');
    const child = spawn(process.execPath, ['--import', ${JSON.stringify(tsx)}, ${JSON.stringify(entry)}, '{}'],
      { stdio: ['pipe', 'ignore', 'ignore', 'pipe'] });
    process.stdout.write(String(child.pid) + '\\n');
    setInterval(() => {}, 1000);
  `;
  const parent = spawn(process.execPath, ['-e', parentCode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = await new Promise<number>((resolve) =>
    parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  expect(processAlive(pid)).toBe(true);
  parent.kill('SIGKILL');
  await expect.poll(() => processAlive(pid), { timeout: 20_000, interval: 200 }).toBe(false);
}, 30_000);

// The API killed while the supervisor still loaded its modules: by the time it could read
// `process.ppid`, it had been adopted. Here the starter it names (argv[3]) is alive but is not
// its parent, and its stdin stays open, so only the named parent can tell it to leave.
it('the supervisor leaves when its parent is not the process that named itself its starter', async () => {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const entry = fileURLToPath(new URL('./supervisor-main.ts', import.meta.url));
  const notTheParent = process.ppid;
  const child = spawn(process.execPath, ['--import', tsx, entry, '{}', String(notTheParent)], {
    stdio: ['pipe', 'ignore', 'ignore', 'pipe'],
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const code = await Promise.race([
      exit,
      new Promise<'alive'>((resolve) => setTimeout(() => resolve('alive'), 20_000)),
    ]);
    expect(code).toBe(0);
  } finally {
    child.kill('SIGKILL');
  }
}, 30_000);

// The API killed while its supervisor cannot run any JavaScript (stopped here; stalled while loading its
// modules in the runs that left orphans behind): only the kernel can end it then, by the parent-death
// signal that setpriv sets before it starts the supervisor.
it('the kernel kills the supervisor when the process that started it dies, even while it cannot run', async (ctx) => {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/setpriv')) {
    console.log(
      'skipped: no /usr/bin/setpriv (util-linux) on this machine; the supervisor watches its parent itself',
    );
    ctx.skip();
  }
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const sandboxModule = pathToFileURL(fileURLToPath(new URL('../sandbox.ts', import.meta.url))).href;
  const holderCode = `
    const { createSandbox } = await import(${JSON.stringify(sandboxModule)});
    const sandbox = createSandbox({}, { onSupervisor: (event) => {
      if (event.type === 'ready') process.stdout.write(String(event.pid) + '\\n');
    } });
    await sandbox.ready();
    setInterval(() => {}, 1000);
  `;
  const holder = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', holderCode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const pid = await new Promise<number>((resolve) =>
      holder.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    expect(processAlive(pid)).toBe(true);
    process.kill(pid, 'SIGSTOP');
    holder.kill('SIGKILL');
    // A stopped process still takes SIGKILL; without the parent-death signal it would stay, stopped, for good.
    await expect
      .poll(() => processAlive(pid) && !isZombie(pid), { timeout: 10_000, interval: 100 })
      .toBe(false);
  } finally {
    holder.kill('SIGKILL');
  }
}, 60_000);

/** Killed but not yet reaped by whoever adopted it. */
function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
