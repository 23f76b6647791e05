import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startUserManagementStandIn, type UserManagementStandIn } from '@bot-backend/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BackendClient, createBackendClient } from './backend-client.js';
import type { BackendError } from './backend-errors.js';
import { virtualClock } from './test-clock.js';

/** The first stand-in on a machine builds its PGlite from scratch (initdb), slow on a busy CI box. */
const STAND_IN_START_MS = 120_000;
// Tests do real I/O (HTTP, PGlite): room for a busy CI machine; none measures time.

const SECRET = 'a-service-secret-of-at-least-32-chars!';

const answer = {
  questionId: 'q1',
  kind: 'verbal' as const,
  score: 7,
  feedback: 'Explains the trade-off.',
  gates: { empty: false, length: false, keyword: false },
  evaluator: 'llm' as const,
  model: 'gpt-4o-mini',
};

describe('backend client against the user-management stand-in', { timeout: 60_000 }, () => {
  let standIn: UserManagementStandIn;
  const clients: BackendClient[] = [];
  beforeAll(async () => {
    // Clients here run on virtual clocks that drift ahead of the stand-in's; token timing is tested elsewhere.
    standIn = await startUserManagementStandIn({ secret: SECRET, clockToleranceSec: 600 });
  }, STAND_IN_START_MS);
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });
  afterAll(async () => {
    await standIn?.close();
  });
  const client = (overrides: Partial<Parameters<typeof createBackendClient>[0]> = {}) => {
    const created = createBackendClient({
      baseUrl: standIn.url,
      secret: SECRET,
      clock: virtualClock(Date.now()),
      ...overrides,
    });
    clients.push(created);
    return created;
  };
  const rowsOf = async (sessionId: string) =>
    (await standIn.rows()).filter((row) => row.sessionId === sessionId);

  it('calls every path of the contract and stores the posts', async () => {
    const backend = client();
    expect(await backend.health()).toMatchObject({ status: 'ok' });
    standIn.setAgentConfig('m-9', { autoJoin: false });
    expect(await backend.agentConfig('m-9')).toMatchObject({ meetingId: 'm-9', autoJoin: false });

    const posted = await backend.postEvalResult('s-paths', answer);
    expect(posted).toMatchObject({ status: 201, duplicate: false, attempts: 1 });
    await backend.postReport('s-paths', { summary: 'Strong on systems.', score: 8 });
    await backend.postTranscript('m-9', {
      sessionId: 's-paths',
      segments: [{ speaker: 'interviewer', text: 'Welcome.', startMs: 0, endMs: 900 }],
    });
    const rows = await rowsOf('s-paths');
    expect(rows.map((row) => row.kind)).toEqual(['eval_result', 'report', 'transcript']);
    expect(rows[0]).toMatchObject({
      score: 7,
      evaluator: 'llm',
      model: 'gpt-4o-mini',
      idempotencyKey: posted.idempotencyKey,
    });
    expect(rows[0]?.id).toBe(posted.id);
    const request = standIn.requests.find((seen) => seen.idempotencyKey === posted.idempotencyKey);
    expect(request?.status).toBe(201);
  });

  it('retries 503 three times with the same key and a growing, jittered backoff', async () => {
    const clock = virtualClock(Date.now());
    const backend = client({ clock, random: () => 0.999, retry: { baseDelayMs: 100 } });
    standIn.fault({ type: 'status', status: 503 }, 3);
    const posted = await backend.postEvalResult('s-503', answer);
    expect(posted.attempts).toBe(4);
    expect(clock.sleeps).toEqual([99, 199, 399]);
    const attempts = standIn.requests.filter((seen) => seen.path.includes('/s-503/'));
    expect(attempts.map((seen) => seen.status)).toEqual([503, 503, 503, 201]);
    expect(new Set(attempts.map((seen) => seen.idempotencyKey))).toEqual(new Set([posted.idempotencyKey]));
    expect(await rowsOf('s-503')).toHaveLength(1);
  });

  it('waits as long as Retry-After says on 429', async () => {
    const clock = virtualClock(Date.now());
    const backend = client({ clock });
    standIn.fault({ type: 'status', status: 429, retryAfterSec: 7 });
    const posted = await backend.postEvalResult('s-429', answer);
    expect(posted.attempts).toBe(2);
    expect(clock.sleeps).toEqual([7_000]);
  });

  it('retries a connection dropped after commit and is told the second append was refused', async () => {
    const backend = client();
    standIn.fault({ type: 'drop-after-commit' });
    const posted = await backend.postEvalResult('s-drop', answer);
    expect(posted).toMatchObject({ attempts: 2, duplicate: true, status: 200 });
    const rows = await rowsOf('s-drop');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(posted.id);
  });

  it('does not retry a 4xx other than 408/429, and stops at the attempt and time bounds', async () => {
    const backend = client({ retry: { maxAttempts: 3 } });
    standIn.fault({ type: 'status', status: 422 });
    const refused = await backend
      .postEvalResult('s-422', answer)
      .catch((error: unknown) => error as BackendError);
    expect(refused).toMatchObject({ kind: 'http', status: 422, retryable: false, attempts: 1 });

    standIn.fault({ type: 'status', status: 500 }, 3);
    const exhausted = await backend
      .postEvalResult('s-500', answer)
      .catch((error: unknown) => error as BackendError);
    expect(exhausted).toMatchObject({ kind: 'http', status: 500, retryable: true, attempts: 3 });

    standIn.fault({ type: 'status', status: 429, retryAfterSec: 30 });
    const clock = virtualClock(Date.now());
    const impatient = client({ clock, retry: { maxTotalMs: 10_000 } });
    const late = await impatient
      .postEvalResult('s-late', answer)
      .catch((error: unknown) => error as BackendError);
    expect(late).toMatchObject({ status: 429, retryable: true, attempts: 1, retryAfterMs: 30_000 });
    expect(clock.sleeps).toEqual([]);
    // The 429 is consumed; nothing was stored for either.
    expect(await rowsOf('s-late')).toEqual([]);
  });

  it('retries a refused connection, then gives up with a network error', async () => {
    await standIn.down();
    try {
      const backend = client({ retry: { maxAttempts: 2 } });
      const error = await backend.health().catch((caught: unknown) => caught as BackendError);
      expect(error).toMatchObject({ kind: 'network', retryable: true, attempts: 2 });
    } finally {
      await standIn.up();
    }
  });

  it('refuses a body off the contract before sending anything', async () => {
    const backend = client();
    const before = standIn.requests.length;
    const error = await backend
      .postEvalResult('s-bad', { ...answer, score: 12 })
      .catch((caught: unknown) => caught as BackendError);
    expect(error).toMatchObject({ kind: 'invalid_request' });
    expect((error as BackendError).message).toMatch(/score/);
    expect(standIn.requests.length).toBe(before);
  });
});

describe('backend client as a resource', () => {
  let server: Server | undefined;
  afterEach(async () => {
    const current = server;
    server = undefined;
    if (!current) return;
    current.closeAllConnections();
    await new Promise((resolve) => current.close(resolve));
  });
  const serve = async (handler: Parameters<typeof createServer>[1]) => {
    server = createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('treats 409 on a post as already stored', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end('{"error":"duplicate idempotency key"}');
    });
    await using backend = createBackendClient({ baseUrl: url, secret: SECRET });
    expect(await backend.postEvalResult('s-1', answer)).toMatchObject({
      status: 409,
      duplicate: true,
      attempts: 1,
    });
  });

  it('aborts calls in flight on dispose, and refuses use after it with a clear error', async () => {
    const url = await serve(() => {
      // Never answers.
    });
    let leaked: BackendClient | undefined;
    let pending: Promise<unknown> | undefined;
    {
      await using backend = createBackendClient({ baseUrl: url, secret: SECRET });
      leaked = backend;
      pending = backend.health().catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await pending).toMatchObject({ kind: 'disposed' });
    expect(leaked?.disposed).toBe(true);
    await expect(leaked?.health()).rejects.toThrow(/used after it was disposed/);
    await expect(leaked?.postReport('s-1', { summary: 'x' })).rejects.toMatchObject({ kind: 'disposed' });
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => createBackendClient({ baseUrl: 'user-management:8080', secret: SECRET })).toThrow(
      /http\(s\) URL/,
    );
  });
});
