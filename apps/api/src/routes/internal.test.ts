import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startUserManagementStandIn, type UserManagementStandIn } from '@bot-backend/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createResultDelivery, type ResultDelivery } from '../delivery/result-delivery.js';
import { testDeps } from '../test-deps.js';

/** The first stand-in on a machine builds its PGlite from scratch (initdb), slow on a busy CI box. */
const STAND_IN_START_MS = 120_000;
// Tests do real I/O (HTTP, PGlite): room for a busy CI machine; none measures time.

const SECRET = 'api-probe-secret-of-at-least-32-chars';

describe('GET /internal/upstream', { timeout: 60_000 }, () => {
  let standIn: UserManagementStandIn;
  let delivery: ResultDelivery;
  let dir: string;
  beforeAll(async () => {
    standIn = await startUserManagementStandIn({ secret: SECRET });
    dir = await mkdtemp(join(tmpdir(), 'api-probe-'));
  }, STAND_IN_START_MS);
  afterAll(async () => {
    await delivery?.close();
    await standIn?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const app = async () => {
    const deps = testDeps();
    delivery ??= await createResultDelivery({ baseUrl: standIn.url, secret: SECRET, outboxDir: dir }, deps);
    deps.delivery = delivery;
    return createApp(deps);
  };

  it('reports user-management reachable, with latency, after a call carrying a service token', async () => {
    const before = standIn.requests.length;
    const res = await (await app()).request('/internal/upstream');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      upstream: 'user-management',
      configured: true,
      reachable: true,
      status: 'ok',
    });
    expect(typeof body.latencyMs).toBe('number');
    const probe = standIn.requests.slice(before);
    expect(probe).toMatchObject([{ method: 'GET', path: '/api/internal/health', status: 200 }]);
    expect(probe[0]?.jti).toBeTruthy();
  });

  it('is 503 with the failure when user-management is down', async () => {
    const application = await app();
    await standIn.down();
    try {
      const res = await application.request('/internal/upstream');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        configured: true,
        reachable: false,
        error: { kind: 'network' },
      });
    } finally {
      await standIn.up();
    }
  });

  it('says so when BACKEND_API_URL is not set', async () => {
    const res = await createApp(testDeps()).request('/internal/upstream');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ upstream: 'user-management', configured: false, reachable: false });
  });

  it('needs a service token when INBOUND_AUTH=jwt', async () => {
    const res = await createApp(
      testDeps({ INBOUND_AUTH: 'jwt', INTERNAL_SERVICE_JWT_SECRET: SECRET }),
    ).request('/internal/upstream');
    expect(res.status).toBe(401);
  });
});
