import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startUserManagementStandIn, type UserManagementStandIn } from '@bot-backend/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResultDelivery, type ResultDelivery } from '../delivery/result-delivery.js';
import { startVoiceApi, type VoiceApi, VoiceTestClient } from './test-voice-api.js';

/** The first stand-in on a machine builds its PGlite from scratch (initdb), slow on a busy CI box. */
const STAND_IN_START_MS = 120_000;
const SECRET = 'voice-delivery-secret-at-least-32-chars';

describe('a voice interview posts its results to user-management', () => {
  let standIn: UserManagementStandIn;
  let dir: string;
  let delivery: ResultDelivery | undefined;
  let api: VoiceApi | undefined;

  beforeAll(async () => {
    standIn = await startUserManagementStandIn({ secret: SECRET });
    dir = await mkdtemp(join(tmpdir(), 'voice-outbox-'));
  }, STAND_IN_START_MS);
  afterAll(async () => {
    await api?.close();
    await delivery?.close();
    await standIn?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('each evaluation under the session id, then the report with a readable summary', async () => {
    api = await startVoiceApi({}, {}, async (deps) => {
      delivery = await createResultDelivery({ baseUrl: standIn.url, secret: SECRET, outboxDir: dir }, deps);
      deps.delivery = delivery;
      deps.deliver = delivery.deliver;
    });
    const client = await VoiceTestClient.connect(api.wsUrl);
    client.send({
      type: 'start',
      role: 'backend',
      experienceLevel: 'mid',
      format: 'blended',
      sampleRate: 16_000,
    });
    const session = await client.waitFor('session');
    await client.waitFor('transcript', (m) => m.role === 'interviewer' && m.final === true);
    // Answer until past the warm-up (its answers are graded but not in the overall score).
    const answers = [
      'I mostly use the languages Go and Python, frameworks like gRPC, and tools such as Postgres and Kafka.',
      'What I like most is that Go keeps services simple to deploy, and Postgres gives strong transactions.',
      'I would version the API, keep old fields for backward compatibility, and announce a deprecation window.',
    ];
    for (const text of answers) {
      const from = client.mark();
      client.send({ type: 'text', text });
      await client.waitFor('evaluation', undefined, 10_000, from);
      await client.waitFor('transcript', (m) => m.role === 'interviewer' && m.final === true, 10_000, from);
    }
    expect(client.of('phase').map((m) => m.phase)).toContain('technical');
    client.send({ type: 'end' });
    await client.waitFor('summary');
    expect((await client.closed).code).toBe(1000);

    await expect
      .poll(
        async () =>
          (await standIn.rows())
            .filter((row) => row.sessionId === session.sessionId)
            .map((row) => row.kind)
            .sort(),
        {
          timeout: 10_000,
        },
      )
      .toEqual(['eval_result', 'eval_result', 'eval_result', 'report']);
    const report = (await standIn.rows()).find(
      (row) => row.sessionId === session.sessionId && row.kind === 'report',
    );
    expect(report?.payload).toMatchObject({ endedBy: 'candidate', sessionId: session.sessionId });
    expect(String((report?.payload as { summary?: unknown } | undefined)?.summary)).toMatch(
      /Overall \d+(\.\d)?\/10 over [12] assessed answers of 3 questions/,
    );
    expect(client.of('error')).toEqual([]);
  }, 60_000);
});
