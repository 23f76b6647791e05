import { startUserManagementStandIn, type UserManagementStandIn } from '@bot-backend/testkit';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackendClient } from './backend-client.js';
import { BackendError } from './backend-errors.js';
import { createServiceTokenSigner } from './service-token.js';
import { virtualClock } from './test-clock.js';

/** The first stand-in on a machine builds its PGlite from scratch (initdb), slow on a busy CI box. */
const STAND_IN_START_MS = 120_000;
// Tests do real I/O (HTTP, PGlite): room for a busy CI machine; none measures time.

const SECRET = 'a-service-secret-of-at-least-32-chars!';

describe('service token', () => {
  it('refuses a secret shorter than 32 characters at start, without echoing it', () => {
    const short = 'x'.repeat(31);
    for (const create of [
      () => createServiceTokenSigner({ secret: short }),
      () => createBackendClient({ baseUrl: 'http://127.0.0.1:1', secret: short }),
    ]) {
      let caught: unknown;
      try {
        create();
      } catch (error) {
        caught = error;
      }
      expect(BackendError.isInstance(caught)).toBe(true);
      expect((caught as BackendError).kind).toBe('config');
      expect((caught as BackendError).message).toMatch(/INTERNAL_SERVICE_JWT_SECRET.*32/);
      expect((caught as BackendError).message).not.toContain(short);
    }
    expect(() => createServiceTokenSigner({ secret: 'x'.repeat(32) })).not.toThrow();
  });

  it('signs HS256 with iss, aud, iat, exp = iat + 60 s and a fresh jti each time', async () => {
    const at = Date.parse('2026-03-01T12:00:00Z');
    const sign = createServiceTokenSigner({ secret: SECRET, now: () => at });
    const [first, second] = [await sign(), await sign()];
    expect(decodeProtectedHeader(first).alg).toBe('HS256');
    const claims = decodeJwt(first);
    expect(claims).toMatchObject({
      iss: 'bot-backend',
      aud: 'user-management',
      iat: at / 1000,
      exp: at / 1000 + 60,
    });
    expect(typeof claims.jti).toBe('string');
    expect(decodeJwt(second).jti).not.toBe(claims.jti);
  });
});

describe('service token against user-management', { timeout: 60_000 }, () => {
  let standIn: UserManagementStandIn;
  // The stand-in's clock, which each test points where it needs.
  let standInNow: () => number = Date.now;
  const setStandIn = (at: number) => {
    standInNow = () => at;
  };
  beforeAll(async () => {
    standIn = await startUserManagementStandIn({
      secret: SECRET,
      now: () => standInNow(),
      clockToleranceSec: 5,
    });
  }, STAND_IN_START_MS);
  afterAll(async () => {
    await standIn?.close();
  });

  const healthWith = async (token: string) =>
    fetch(`${standIn.url}/api/internal/health`, { headers: { authorization: `Bearer ${token}` } });

  it('is accepted until 60 s after iat and refused after (beyond the 5 s tolerance)', async () => {
    const issuedAt = Date.parse('2026-03-01T12:00:00Z');
    const token = await createServiceTokenSigner({ secret: SECRET, now: () => issuedAt })();
    setStandIn(issuedAt + 59_000);
    expect((await healthWith(token)).status).toBe(200);
    setStandIn(issuedAt + 66_000);
    const expired = await healthWith(token);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { message: expect.stringMatching(/expired/) } });
  });

  it('tolerates a small clock skew either way and refuses a large one', async () => {
    const at = Date.parse('2026-03-01T13:00:00Z');
    setStandIn(at);
    const status = async (skewMs: number) => {
      const client = createBackendClient({
        baseUrl: standIn.url,
        secret: SECRET,
        clock: virtualClock(at + skewMs),
        retry: { maxAttempts: 1 },
      });
      try {
        await client.health();
        return 200;
      } catch (error) {
        return (error as BackendError).status;
      } finally {
        await client.dispose();
      }
    };
    expect(await status(4_000)).toBe(200);
    expect(await status(-4_000)).toBe(200);
    // Ahead: an iat in the future. Behind by more than the lifetime: already expired.
    expect(await status(30_000)).toBe(401);
    expect(await status(-70_000)).toBe(401);
  });

  it('signs a new token for every attempt, so a retry after a long wait is still valid', async () => {
    const clock = virtualClock(Date.parse('2026-03-01T14:00:00Z'));
    // The stand-in lives on the same virtual clock.
    standInNow = clock.now;
    const before = standIn.requests.length;
    standIn.fault({ type: 'status', status: 503 });
    standIn.fault({ type: 'status', status: 429, retryAfterSec: 90 });
    {
      await using client = createBackendClient({
        baseUrl: standIn.url,
        secret: SECRET,
        clock,
        retry: { maxTotalMs: 120_000, maxRetryAfterMs: 120_000 },
      });
      const result = await client.postEvalResult('s-token', {
        questionId: 'q1',
        score: 5,
        feedback: 'ok',
        gates: {},
        evaluator: 'rubric',
      });
      expect(result.attempts).toBe(3);
      // 90 s after the first token was signed: that token would have expired.
      expect(clock.now()).toBeGreaterThanOrEqual(Date.parse('2026-03-01T14:01:30Z'));
    }
    const seen = standIn.requests.slice(before);
    expect(seen.map((request) => request.status)).toEqual([503, 429, 201]);
    expect(new Set(seen.map((request) => request.jti)).size).toBe(3);
    expect(new Set(seen.map((request) => request.idempotencyKey)).size).toBe(1);
  });
});
