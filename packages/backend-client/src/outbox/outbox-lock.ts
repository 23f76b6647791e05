import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export class OutboxLockedError extends Error {
  override readonly name = 'OutboxLockedError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One sender per outbox directory: two would send every entry twice (harmless
 * with idempotency keys) and race on the journal (not harmless). A lock left by
 * a process that died (SIGKILL) is taken over.
 */
export async function lockOutboxDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'outbox.lock');
  for (let tries = 0; tries < 2; tries += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.write(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new OutboxLockedError(`outbox ${dir} is in use by process ${holder}`);
      }
      await rm(path, { force: true });
    }
  }
  throw new OutboxLockedError(`outbox ${dir}: could not take the lock`);
}
