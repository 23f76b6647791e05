import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realPostgresUrl } from './real-postgres.js';
import {
  ROWS_PATH,
  startUserManagementStandIn,
  type UserManagementStandIn,
} from './user-management-stand-in.js';

/** The first stand-in on a machine builds its PGlite from scratch (initdb), slow on a busy CI box. */
const STAND_IN_START_MS = 120_000;
// Tests do real I/O (HTTP, PGlite): room for a busy CI machine; none measures time.

const SECRET = 'stand-in-secret-that-is-long-enough-0123';

interface TokenShape {
  secret?: string;
  iss?: string;
  aud?: string;
  iat?: number;
  ttlSec?: number;
  jti?: string | null;
}

async function token(shape: TokenShape = {}): Promise<string> {
  const iat = shape.iat ?? Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(shape.iss ?? 'bot-backend')
    .setAudience(shape.aud ?? 'user-management')
    .setIssuedAt(iat)
    .setExpirationTime(iat + (shape.ttlSec ?? 60));
  if (shape.jti !== null) jwt.setJti(shape.jti ?? randomUUID());
  return jwt.sign(new TextEncoder().encode(shape.secret ?? SECRET));
}

function evalBody(key: string, score = 6) {
  return {
    questionId: 'q1',
    score,
    feedback: 'Covers the main points.',
    gates: { empty: false, length: false, keyword: false },
    evaluator: 'rubric',
    model: null,
    idempotencyKey: key,
  };
}

function standInSuite(name: string, databaseUrl: string | undefined) {
  describe(`user-management stand-in on ${name}`, { timeout: 60_000 }, () => {
    let standIn: UserManagementStandIn;
    beforeAll(async () => {
      standIn = await startUserManagementStandIn({ secret: SECRET, databaseUrl });
    }, STAND_IN_START_MS);
    afterAll(async () => {
      await standIn?.close();
    });

    const post = async (path: string, body: unknown, init: { key?: string; auth?: string } = {}) => {
      const key = init.key ?? (body as { idempotencyKey?: string }).idempotencyKey;
      return fetch(`${standIn.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: init.auth ?? `Bearer ${await token()}`,
          'content-type': 'application/json',
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: JSON.stringify(body),
      });
    };

    it('refuses bad signature, expired token, wrong audience and missing jti with 401', async () => {
      const now = Math.floor(Date.now() / 1000);
      const cases: [TokenShape, RegExp][] = [
        [{ secret: 'another-secret-that-is-long-enough-9876' }, /signature/],
        [{ iat: now - 120 }, /expired/],
        [{ aud: 'billing' }, /aud/],
        [{ iss: 'someone-else' }, /iss/],
        [{ jti: null }, /jti/],
        [{ ttlSec: 3600 }, /60 s/],
      ];
      for (const [shape, reason] of cases) {
        const response = await fetch(`${standIn.url}/api/internal/health`, {
          headers: { authorization: `Bearer ${await token(shape)}` },
        });
        expect(response.status, JSON.stringify(shape)).toBe(401);
        const body = (await response.json()) as { error: { message: string } };
        expect(body.error.message).toMatch(reason);
      }
      const missing = await fetch(`${standIn.url}/api/internal/health`);
      expect(missing.status).toBe(401);
      const ok = await fetch(`${standIn.url}/api/internal/health`, {
        headers: { authorization: `Bearer ${await token()}` },
      });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ status: 'ok' });
    });

    it('stores a post once: the same key again answers 200 duplicate with the first id', async () => {
      const key = randomUUID();
      const first = await post('/api/internal/bot-sessions/s-dup/eval-results', evalBody(key));
      expect(first.status).toBe(201);
      const firstBody = (await first.json()) as { id: string; duplicate: boolean };
      expect(firstBody.duplicate).toBe(false);
      const again = await post('/api/internal/bot-sessions/s-dup/eval-results', evalBody(key));
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ id: firstBody.id, duplicate: true });
      const rows = (await standIn.rows()).filter((row) => row.sessionId === 's-dup');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        kind: 'eval_result',
        questionId: 'q1',
        score: 6,
        evaluator: 'rubric',
        gates: { empty: false, length: false, keyword: false },
        idempotencyKey: key,
      });
    });

    it('stores reports and transcripts in the same table', async () => {
      const report = await post('/api/internal/bot-sessions/s-rep/report', {
        summary: 'Solid fundamentals.',
        meetingId: '41',
        score: 7,
        idempotencyKey: randomUUID(),
      });
      expect(report.status).toBe(201);
      const transcript = await post('/api/internal/meetings/41/transcript', {
        segments: [{ speaker: 'candidate', text: 'hello', startMs: 0, endMs: 400 }],
        summary: 'Greeting only.',
        idempotencyKey: randomUUID(),
      });
      expect(transcript.status).toBe(201);
      const rows = (await standIn.rows()).filter((row) => row.meetingId === '41');
      expect(rows.map((row) => [row.kind, row.sessionId, row.summary])).toEqual([
        ['report', 's-rep', 'Solid fundamentals.'],
        ['transcript', 'meeting-41', 'Greeting only.'],
      ]);
      expect(rows[1]?.transcript).toEqual([{ speaker: 'candidate', text: 'hello', startMs: 0, endMs: 400 }]);
    });

    it('refuses a body off the contract and a key missing from the header', async () => {
      const bad = await post('/api/internal/bot-sessions/s-bad/eval-results', {
        ...evalBody('k'),
        score: 11,
      });
      expect(bad.status).toBe(400);
      const mismatch = await post('/api/internal/bot-sessions/s-bad/eval-results', evalBody('k-1'), {
        key: 'k-2',
      });
      expect(mismatch.status).toBe(400);
      expect((await standIn.rows()).filter((row) => row.sessionId === 's-bad')).toEqual([]);
    });

    it('drops the connection after committing, answers scripted statuses, and goes down and up', async () => {
      const key = randomUUID();
      standIn.fault({ type: 'drop-after-commit' });
      await expect(post('/api/internal/bot-sessions/s-f/eval-results', evalBody(key))).rejects.toThrow();
      expect((await standIn.rows()).filter((row) => row.idempotencyKey === key)).toHaveLength(1);

      standIn.fault({ type: 'status', status: 429, retryAfterSec: 3 });
      const limited = await post('/api/internal/bot-sessions/s-f/eval-results', evalBody(randomUUID()));
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('3');

      await standIn.down();
      await expect(fetch(`${standIn.url}/api/internal/health`)).rejects.toThrow();
      await standIn.up();
      const back = await fetch(`${standIn.url}/api/internal/health`, {
        headers: { authorization: `Bearer ${await token()}` },
      });
      expect(back.status).toBe(200);
    });

    it('lists the stored rows on its page for people, without a token', async () => {
      const response = await fetch(`${standIn.url}${ROWS_PATH}`);
      const body = (await response.json()) as { rows: { idempotencyKey: string }[] };
      expect(body.rows.length).toBe(await standIn.countRows());
    });

    it('answers agent-config, with the flag the worker reads', async () => {
      standIn.setAgentConfig('77', { autoJoin: false, role: 'backend' });
      const response = await fetch(`${standIn.url}/api/internal/meetings/77/agent-config`, {
        headers: { authorization: `Bearer ${await token()}` },
      });
      expect(await response.json()).toEqual({ meetingId: '77', autoJoin: false, role: 'backend' });
    });
  });
}

standInSuite('PGlite', undefined);
const url = realPostgresUrl('the stand-in on a real PostgreSQL server');
if (url) standInSuite('PostgreSQL (TEST_DATABASE_URL)', url);
