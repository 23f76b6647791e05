import { createHmac } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { ErrorBody } from '../errors/error-body.js';
import { testDeps } from '../test-deps.js';
import { inboundAuth } from './inbound-auth.js';

const secret = 'an-inbound-secret-of-at-least-32-characters';
const key = new TextEncoder().encode(secret);
const jwtEnv = { INBOUND_AUTH: 'jwt', INTERNAL_SERVICE_JWT_SECRET: secret };
const body = JSON.stringify({
  question: { id: 'q1', text: 'What is a mutex?' },
  answer: 'A mutex lets one thread at a time into a critical section.',
});

const now = () => Math.floor(Date.now() / 1000);

async function token(
  options: {
    aud?: string;
    exp?: number | null;
    iat?: number | null;
    alg?: string;
    signWith?: Uint8Array;
    iss?: string;
  } = {},
) {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: options.alg ?? 'HS256' });
  if (options.iss !== '') jwt.setIssuer(options.iss ?? 'user-management');
  if (options.aud !== '') jwt.setAudience(options.aud ?? 'bot-backend');
  if (options.iat !== null) jwt.setIssuedAt(options.iat ?? now());
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now() + 60);
  return jwt.sign(options.signWith ?? key);
}

/** A token whose header claims HS256 but whose payload was changed after signing. */
async function tampered() {
  const [header, , signature] = (await token()).split('.');
  const payload = Buffer.from(
    JSON.stringify({ aud: 'bot-backend', iat: now(), exp: now() + 3600, admin: true }),
  ).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** HS256 over the secret's bytes but with `alg: none`-style header tricks. */
function forgedNone() {
  return new UnsecuredJWT({ aud: 'bot-backend', iat: now(), exp: now() + 60 }).encode();
}

function call(env: Record<string, string>, authorization?: string, path = '/v1/evaluate') {
  const deps = testDeps(env);
  const app = createApp(deps);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  return { deps, response: app.request(path, { method: 'POST', headers, body }) };
}

describe('inbound auth', () => {
  it('is off in local development: no token needed', async () => {
    const res = await call({}).response;
    expect(res.status).toBe(200);
  });

  it('is on by default in production', async () => {
    const res = await call({ NODE_ENV: 'production', INTERNAL_SERVICE_JWT_SECRET: secret }).response;
    expect(res.status).toBe(401);
  });

  it('accepts a valid HS256 service token for bot-backend', async () => {
    const res = await call(jwtEnv, `Bearer ${await token()}`).response;
    expect(res.status).toBe(200);
  });

  it.each<[string, () => Promise<string | undefined> | string | undefined, RegExp]>([
    ['no authorization header', () => undefined, /missing bearer token/],
    ['not a bearer token', () => `Basic ${Buffer.from('a:b').toString('base64')}`, /not a bearer token/],
    ['an empty bearer', () => 'Bearer ', /not a bearer token/],
    ['garbage', () => 'Bearer not.a.jwt', /malformed/],
    [
      'signed with another secret',
      async () => `Bearer ${await token({ signWith: new TextEncoder().encode('x'.repeat(40)) })}`,
      /signature/,
    ],
    ['payload changed after signing', async () => `Bearer ${await tampered()}`, /signature/],
    ['alg none', () => `Bearer ${forgedNone()}`, /algorithm|malformed/],
    ['HS512 instead of HS256', async () => `Bearer ${await token({ alg: 'HS512' })}`, /algorithm/],
    ['expired', async () => `Bearer ${await token({ iat: now() - 120, exp: now() - 60 })}`, /expired/],
    ['another audience', async () => `Bearer ${await token({ aud: 'user-management' })}`, /audience/],
    ['no audience', async () => `Bearer ${await token({ aud: '' })}`, /aud/],
    ['no expiry', async () => `Bearer ${await token({ exp: null })}`, /"exp"/],
    ['another issuer', async () => `Bearer ${await token({ iss: 'someone-else' })}`, /issuer/],
    ['no issuer', async () => `Bearer ${await token({ iss: '' })}`, /"iss"/],
    ['no issued-at', async () => `Bearer ${await token({ iat: null })}`, /"iat"/],
    [
      'issued long ago with a far expiry',
      async () => `Bearer ${await token({ iat: now() - 3600, exp: now() + 3600 })}`,
      /too old/,
    ],
  ])('refuses %s with 401 and a reason', async (_name, makeHeader, reason) => {
    const { response, deps } = call(jwtEnv, await makeHeader());
    const res = await response;
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const error = ((await res.json()) as ErrorBody).error;
    expect(error.code).toBe('unauthorized');
    expect(error.message).toMatch(reason);
    expect(JSON.stringify(deps.logLines())).not.toContain(secret);
  });

  it('guards every /v1 route, even unknown ones, but not health checks', async () => {
    const unknown = await call(jwtEnv, undefined, '/v1/anything').response;
    expect(unknown.status).toBe(401);
    const code = await call(jwtEnv, undefined, '/v1/evaluate-code').response;
    expect(code.status).toBe(401);
    const health = await createApp(testDeps(jwtEnv)).request('/healthz');
    expect(health.status).toBe(200);
  });

  it('a token signed by hand with the right secret and claims is accepted (no library quirks relied on)', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ iss: 'user-management', aud: 'bot-backend', iat: now(), exp: now() + 60 })}`;
    const signature = createHmac('sha256', secret).update(signingInput).digest('base64url');
    const res = await call(jwtEnv, `Bearer ${signingInput}.${signature}`).response;
    expect(res.status).toBe(200);
  });

  it('accepts each issuer INBOUND_JWT_ISSUER lists, and only those', async () => {
    const env = { ...jwtEnv, INBOUND_JWT_ISSUER: 'user-management,scheduler' };
    const scheduler = await call(env, `Bearer ${await token({ iss: 'scheduler' })}`).response;
    expect(scheduler.status).toBe(200);
    const other = await call(env, `Bearer ${await token({ iss: 'user-managementx' })}`).response;
    expect(other.status).toBe(401);
  });

  it('refuses to build when jwt is on without a secret', () => {
    expect(() =>
      inboundAuth({ INBOUND_AUTH: 'jwt', INTERNAL_SERVICE_JWT_SECRET: undefined, INBOUND_JWT_ISSUER: [] }),
    ).toThrow(/SECRET/);
  });
});
