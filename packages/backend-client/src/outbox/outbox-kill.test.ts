import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  realPostgresUrl,
  startUserManagementStandIn,
  type UserManagementStandIn,
} from '@bot-backend/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/** The first stand-in on a machine builds its PGlite from scratch (initdb), slow on a busy CI box. */
const STAND_IN_START_MS = 120_000;

const SECRET = 'a-service-secret-of-at-least-32-chars!';
const databaseUrl = realPostgresUrl(
  'the SIGKILL test against a real PostgreSQL server (PGlite is used instead)',
);
const script = fileURLToPath(new URL('./test-outbox-process.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('../../', import.meta.url));

interface Sender {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  /** Resolves with the first line that has this field. */
  waitFor(field: string, count?: number): Promise<void>;
  exited: Promise<number | null>;
}

function startSender(env: Record<string, string>): Sender {
  const child = spawn(process.execPath, ['--conditions=@bot-backend/source', '--import', 'tsx', script], {
    cwd: packageDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(JSON.parse(line) as Record<string, unknown>);
    for (const waiter of waiters.splice(0)) waiter();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (field: string, count = 1) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (lines.filter((line) => field in line).length >= count) resolve();
        else waiters.push(check);
      };
      exited.then((code) =>
        reject(new Error(`sender exited (${code}) before ${count}× ${field}: ${stderr}`)),
      );
      check();
    });
  return { child, lines, waitFor, exited };
}

// Child processes start through tsx: slow on a busy machine, so these tests get room.
describe(`outbox sender killed with SIGKILL (${databaseUrl ? 'PostgreSQL' : 'PGlite'})`, {
  timeout: 120_000,
}, () => {
  let standIn: UserManagementStandIn;
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    standIn = await startUserManagementStandIn({ secret: SECRET, databaseUrl });
  }, STAND_IN_START_MS);
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    standIn.failRandomly(0);
    await standIn.up();
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  afterAll(async () => {
    await standIn?.close();
  });

  const run = (dir: string, session: string, enqueue: number) => {
    const sender = startSender({
      OUTBOX_DIR: dir,
      BACKEND_URL: standIn.url,
      SECRET,
      SESSION: session,
      ENQUEUE: String(enqueue),
    });
    children.push(sender.child);
    return sender;
  };
  const keysOf = (sender: Sender) =>
    sender.lines.flatMap((line) => (line.enqueued ? [String(line.enqueued)] : []));
  const expectExactlyOnce = async (session: string, keys: string[]) => {
    const rows = (await standIn.rows()).filter((row) => row.sessionId === session);
    expect(rows.map((row) => row.idempotencyKey).sort()).toEqual([...keys].sort());
  };

  it('delivers every result once after a kill while user-management was down', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outbox-kill-'));
    dirs.push(dir);
    await standIn.down();
    const first = run(dir, 's-kill-down', 40);
    await first.waitFor('enqueued', 40);
    first.child.kill('SIGKILL');
    await first.exited;
    const keys = keysOf(first);
    expect(keys).toHaveLength(40);

    await standIn.up();
    const second = run(dir, 's-kill-down', 0);
    await second.waitFor('drained');
    expect(second.lines[0]).toEqual({ opened: 40 });
    expect(await second.exited).toBe(0);
    await expectExactlyOnce('s-kill-down', keys);
  });

  it('delivers every result once after a kill in the middle of delivering, connections dropping after commit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outbox-kill-'));
    dirs.push(dir);
    // Down while enqueueing, so the kill surely finds results undelivered.
    await standIn.down();
    const first = run(dir, 's-kill-mid', 150);
    await first.waitFor('enqueued', 150);
    standIn.failRandomly(0.5, [{ type: 'drop-after-commit' }, { type: 'status', status: 503 }]);
    await standIn.up();
    // Kill once some rows have landed and others are still in flight or waiting.
    for (;;) {
      const landed = (await standIn.rows()).filter((row) => row.sessionId === 's-kill-mid').length;
      if (landed >= 20) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const keys = keysOf(first);
    expect(keys).toHaveLength(150);
    const landedBefore = (await standIn.rows()).filter((row) => row.sessionId === 's-kill-mid').length;
    expect(landedBefore).toBeLessThan(150);

    const second = run(dir, 's-kill-mid', 0);
    await second.waitFor('drained');
    expect(await second.exited).toBe(0);
    await expectExactlyOnce('s-kill-mid', keys);
  });
});
