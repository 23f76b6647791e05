import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startUserManagementStandIn, type UserManagementStandIn } from '@bot-backend/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { EvaluationDeliveryItem } from '../routes/evaluation-delivery.js';
import { testDeps } from '../test-deps.js';
import { createResultDelivery, type ResultDelivery } from './result-delivery.js';

/** The first stand-in on a machine builds its PGlite from scratch (initdb), slow on a busy CI box. */
const STAND_IN_START_MS = 120_000;
// Tests do real I/O (HTTP, PGlite): room for a busy CI machine; none measures time.

const SECRET = 'api-delivery-secret-at-least-32-chars';

const item = (questionId: string): EvaluationDeliveryItem => ({
  kind: 'verbal',
  sessionId: 's-api',
  questionId,
  result: {
    score: 6,
    feedback: 'Names the trade-off but not the cost.',
    strengths: ['clear'],
    improvements: ['mention memory'],
    gates: { empty: false, length: false, keyword: false, nonAnswer: false },
    evaluator: 'rubric',
    model: null,
    matchedKeywords: ['context switch'],
    nonAnswer: [],
    graded: true,
    scale: {
      '2': 'Touches the question but explains none of memory or context switch.',
      '5': 'Explains memory and context switch in plain terms, without reasons.',
      '8': 'Explains memory and context switch with reasons and an example.',
      '10': 'Covers memory and context switch with trade-offs and numbers from practice.',
    },
    anchor: 5,
  },
});

describe('result delivery in the API', { timeout: 60_000 }, () => {
  let standIn: UserManagementStandIn;
  const opened: { delivery: ResultDelivery; dir: string }[] = [];
  beforeAll(async () => {
    standIn = await startUserManagementStandIn({ secret: SECRET });
  }, STAND_IN_START_MS);
  afterEach(async () => {
    await standIn.up();
    for (const { delivery, dir } of opened.splice(0)) {
      await delivery.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
  afterAll(async () => {
    await standIn?.close();
  });

  const build = async (options: { growthWindowMs?: number } = {}) => {
    const deps = testDeps();
    const dir = await mkdtemp(join(tmpdir(), 'api-outbox-'));
    const delivery = await createResultDelivery(
      { baseUrl: standIn.url, secret: SECRET, outboxDir: dir, ...options },
      deps,
    );
    opened.push({ delivery, dir });
    deps.delivery = delivery;
    deps.deliver = delivery.deliver;
    return { deps, delivery, app: createApp(deps) };
  };
  const metric = (text: string, line: RegExp) => {
    const found = text.split('\n').find((row) => line.test(row));
    return found === undefined ? undefined : Number(found.split(' ').at(-1));
  };

  it('delivers an evaluation, and /metrics counts it', async () => {
    const { deps, app } = await build();
    expect(await deps.deliver?.(item('q1'))).toBe('delivered');
    const rows = (await standIn.rows()).filter((row) => row.questionId === 'q1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sessionId: 's-api', score: 6, evaluator: 'rubric', kind: 'eval_result' });
    expect(rows[0]?.payload).toMatchObject({ kind: 'verbal', strengths: ['clear'] });

    const text = await (await app.request('/metrics')).text();
    expect(metric(text, /^outbox_depth /)).toBe(0);
    expect(metric(text, /^outbox_deliveries_total\{kind="eval-result",outcome="delivered"\}/)).toBe(1);
    expect(metric(text, /^outbox_enqueued_total\{kind="eval-result"\}/)).toBe(1);
  });

  it('answers "queued" while user-management is down, shows the depth, and sends it later', async () => {
    const { deps, app, delivery } = await build();
    await standIn.down();
    expect(await deps.deliver?.(item('q2'))).toBe('queued');
    const text = await (await app.request('/metrics')).text();
    expect(metric(text, /^outbox_depth /)).toBe(1);
    expect(metric(text, /^outbox_oldest_age_seconds /)).toBeGreaterThanOrEqual(0);
    await standIn.up();
    delivery.start();
    await delivery.outbox.drained();
    expect((await standIn.rows()).filter((row) => row.questionId === 'q2')).toHaveLength(1);
  });

  it('posts reports and transcripts through the same outbox', async () => {
    const { delivery } = await build();
    expect(await delivery.deliverResult('report', 's-api', { summary: 'Good session.' })).toBe('delivered');
    expect(
      await delivery.deliverResult('transcript', 'm-5', { segments: [{ speaker: 'candidate', text: 'hi' }] }),
    ).toBe('delivered');
    const kinds = (await standIn.rows()).filter((row) => row.kind !== 'eval_result').map((row) => row.kind);
    expect(kinds).toEqual(['report', 'transcript']);
  });

  it('makes /readyz say not ready while the outbox keeps growing, and ready once it drains', async () => {
    const { deps, app, delivery } = await build({ growthWindowMs: 60 });
    await standIn.down();
    expect((await app.request('/readyz')).status).toBe(200);
    for (const id of ['g1', 'g2', 'g3']) await deps.deliver?.(item(id));
    // A whole window in which results waited and none left.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: { name: string; ok: boolean; reason?: string }[] };
    expect(body.checks.find((check) => check.name === 'outbox')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/keeps growing: 3 results waiting/),
    });

    await standIn.up();
    delivery.start();
    await delivery.outbox.drained();
    expect((await app.request('/readyz')).status).toBe(200);
  });
});
