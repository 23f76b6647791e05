import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  realPostgresUrl,
  startUserManagementStandIn,
  type UserManagementStandIn,
} from '@bot-backend/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MainProcess, startMain } from '../test-main-process.js';

/** The first stand-in on a machine builds its PGlite from scratch (initdb), slow on a busy CI box. */
const STAND_IN_START_MS = 120_000;
const SECRET = 'api-main-delivery-secret-32-chars-long';
const databaseUrl = realPostgresUrl(
  'the API SIGKILL test against a real PostgreSQL server (PGlite is used instead)',
);

const evaluation = (questionId: string) => ({
  sessionId: 's-main',
  role: 'backend',
  experienceLevel: 'mid',
  question: { id: questionId, text: 'What does a context switch cost?' },
  answer: 'Saving and restoring registers, and a colder cache afterwards, so throughput drops.',
});

describe(`the API process delivering results (${databaseUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  let standIn: UserManagementStandIn;
  let outboxDir: string;
  const processes: MainProcess[] = [];
  beforeAll(async () => {
    standIn = await startUserManagementStandIn({ secret: SECRET, databaseUrl });
    outboxDir = await mkdtemp(join(tmpdir(), 'api-main-outbox-'));
  }, STAND_IN_START_MS);
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((main) => main.cleanup()));
  });
  afterAll(async () => {
    await standIn?.close();
    await rm(outboxDir, { recursive: true, force: true });
  });

  const start = async () => {
    const main = startMain({
      PORT: '0',
      HOST: '127.0.0.1',
      BACKEND_API_URL: standIn.url,
      INTERNAL_SERVICE_JWT_SECRET: SECRET,
      INBOUND_AUTH: 'off',
      OUTBOX_DIR: outboxDir,
    });
    processes.push(main);
    return { main, port: await main.listening(60_000) };
  };

  it('keeps results answered "queued" through a SIGKILL and delivers each once after the restart', async () => {
    await standIn.down();
    const first = await start();
    const questions = ['q1', 'q2', 'q3'];
    for (const id of questions) {
      const res = await fetch(`http://127.0.0.1:${first.port}/v1/evaluate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(evaluation(id)),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ delivery: 'queued' });
    }
    first.main.child.kill('SIGKILL');
    expect((await first.main.exited).signal).toBe('SIGKILL');

    await standIn.up();
    const second = await start();
    const deadline = Date.now() + 60_000;
    let rows = (await standIn.rows()).filter((row) => row.sessionId === 's-main');
    while (rows.length < questions.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      rows = (await standIn.rows()).filter((row) => row.sessionId === 's-main');
    }
    // A little longer, so a second append would have had time to show.
    await new Promise((resolve) => setTimeout(resolve, 300));
    rows = (await standIn.rows()).filter((row) => row.sessionId === 's-main');
    expect(rows.map((row) => row.questionId).sort()).toEqual(questions);
    expect(new Set(rows.map((row) => row.idempotencyKey)).size).toBe(questions.length);

    const probe = await fetch(`http://127.0.0.1:${second.port}/internal/upstream`);
    expect(await probe.json()).toMatchObject({ reachable: true });
    const metrics = await (await fetch(`http://127.0.0.1:${second.port}/metrics`)).text();
    expect(metrics).toMatch(/^outbox_depth 0$/m);
  }, 180_000);
});
