import { randomUUID } from 'node:crypto';
import type { Settings } from '@bot-backend/config';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { SignJWT } from 'jose';
import { INBOUND_TOKEN_AUDIENCE } from '../auth/inbound-auth.js';
import type { AppEnv } from '../deps.js';
import { ApiError } from '../errors/api-error.js';
import { apiRoute, apiRoutes, errorResponses, jsonResponse } from '../http/api-routes.js';

function remoteAddress(c: Context<AppEnv>): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // Not behind @hono/node-server (app.request() in tests): no socket to ask.
    return undefined;
  }
}

/** Life of a page token: the page asks again shortly before it ends. */
export const PAGE_TOKEN_SECONDS = 60;

const pageTokenSchema = z
  .union([
    z.object({ token: z.null(), auth: z.literal('off') }),
    z.object({
      token: z.string().describe('A service token for /v1, subject dev-page:<address>'),
      auth: z.literal('jwt'),
      expiresInSeconds: z.number().int(),
    }),
  ])
  .openapi('PageToken');

export const pageTokenRoute = apiRoute({
  method: 'post',
  path: '/dev/page-token',
  operationId: 'devPageToken',
  tags: ['Development'],
  summary: "The bundled page's credentials",
  description:
    'With INBOUND_AUTH=off, no token is needed. With INBOUND_AUTH=jwt and DEV_PAGE_TOKENS=true (refused in production), a 60-second service token; otherwise 403: in production the app that embeds the interview asks POST /v1/voice/sessions for a ticket.',
  responses: {
    200: jsonResponse(pageTokenSchema, 'A token, or none needed'),
    ...errorResponses([403], { 403: 'Page tokens are off (`page_tokens_off`)' }),
  },
});

/**
 * POST /dev/page-token: how the bundled page at `/` gets its credentials.
 * - INBOUND_AUTH=off: `{token: null}`; the page calls /v1 without one.
 * - INBOUND_AUTH=jwt with DEV_PAGE_TOKENS=true (refused in production): a
 *   60-second service token as user-management would sign it, subject
 *   `dev-page:<address>`, so each browser has its own session limit.
 * - INBOUND_AUTH=jwt otherwise: 403 saying how the page can work; in
 *   production the app that embeds the interview asks POST /v1/voice/sessions.
 */
export function createDevPageTokenRoutes(
  settings: Pick<
    Settings,
    'INBOUND_AUTH' | 'INTERNAL_SERVICE_JWT_SECRET' | 'INBOUND_JWT_ISSUER' | 'DEV_PAGE_TOKENS'
  >,
) {
  const secret = settings.INTERNAL_SERVICE_JWT_SECRET;
  const key = secret === undefined ? undefined : new TextEncoder().encode(secret);
  return apiRoutes().openapi(pageTokenRoute, async (c) => {
    if (settings.INBOUND_AUTH !== 'jwt') return c.json({ token: null, auth: 'off' as const }, 200);
    if (!settings.DEV_PAGE_TOKENS || !key) {
      throw new ApiError({
        status: 403,
        code: 'page_tokens_off',
        message:
          'This server needs a service token (INBOUND_AUTH=jwt). For development set DEV_PAGE_TOKENS=true; in production the app that embeds the interview asks POST /v1/voice/sessions for a ticket.',
      });
    }
    const address = remoteAddress(c) ?? 'unknown';
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(settings.INBOUND_JWT_ISSUER[0] ?? 'user-management')
      .setAudience(INBOUND_TOKEN_AUDIENCE)
      .setSubject(`dev-page:${address}`)
      .setIssuedAt()
      .setExpirationTime(`${PAGE_TOKEN_SECONDS}s`)
      .setJti(randomUUID())
      .sign(key);
    c.get('logger')?.info('development page token issued');
    return c.json({ token, auth: 'jwt' as const, expiresInSeconds: PAGE_TOKEN_SECONDS }, 200);
  });
}
