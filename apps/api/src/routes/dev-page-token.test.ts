import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { ErrorBody } from '../errors/error-body.js';
import { testDeps } from '../test-deps.js';

const secret = 'a-page-token-test-secret-of-32-characters';
const authOn = { INBOUND_AUTH: 'jwt', INTERNAL_SERVICE_JWT_SECRET: secret };
const ask = (env: Record<string, string>) => {
  const app = createApp(testDeps(env));
  return { app, response: app.request('/dev/page-token', { method: 'POST' }) };
};

describe('POST /dev/page-token (the bundled page’s credentials)', () => {
  it('with auth off: no token needed', async () => {
    const res = await ask({}).response;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ token: null, auth: 'off' });
  });

  it('with auth on and DEV_PAGE_TOKENS unset: 403 saying how the page can work', async () => {
    const res = await ask(authOn).response;
    expect(res.status).toBe(403);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe('page_tokens_off');
    expect(error.message).toContain('DEV_PAGE_TOKENS=true');
    expect(error.message).toContain('POST /v1/voice/sessions');
  });

  it('with DEV_PAGE_TOKENS=true: a 60-second service token that opens /v1', async () => {
    const { app, response } = ask({ ...authOn, DEV_PAGE_TOKENS: 'true' });
    const res = await response;
    expect(res.status).toBe(200);
    const { token, expiresInSeconds } = (await res.json()) as { token: string; expiresInSeconds: number };
    expect(expiresInSeconds).toBe(60);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: 'user-management', aud: 'bot-backend' });
    expect(claims.sub).toMatch(/^dev-page:/);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
    expect((await app.request('/v1/roles')).status).toBe(401);
    const roles = await app.request('/v1/roles', { headers: { authorization: `Bearer ${token}` } });
    expect(roles.status).toBe(200);
  });
});
