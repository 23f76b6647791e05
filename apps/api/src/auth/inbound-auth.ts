import type { Settings } from '@bot-backend/config';
import type { MiddlewareHandler } from 'hono';
import { errors, jwtVerify } from 'jose';
import type { AppEnv } from '../deps.js';
import { ApiError } from '../errors/api-error.js';
import { requestHeader } from '../http/request-header.js';

/** The audience every caller's service token must name. */
export const INBOUND_TOKEN_AUDIENCE = 'bot-backend';
/** Service tokens live 60 s; anything older than this is refused even if its exp says otherwise. */
export const INBOUND_TOKEN_MAX_AGE = '5m';
const CLOCK_TOLERANCE_SEC = 30;

function reasonFor(error: unknown): string {
  // jose reports a token older than maxTokenAge as expired on the `iat` claim.
  if (error instanceof errors.JWTExpired) return error.claim === 'iat' ? 'token too old' : 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `token has no "${error.claim}" claim`;
    if (error.claim === 'aud') return `token audience is not ${INBOUND_TOKEN_AUDIENCE}`;
    if (error.claim === 'iss') return 'token issuer is not accepted (INBOUND_JWT_ISSUER)';
    if (error.claim === 'iat') return 'token issued in the future';
    return `token claim "${error.claim}" is invalid`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm is not HS256';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature does not verify';
  return 'token is malformed';
}

function unauthorized(reason: string): ApiError {
  return new ApiError({
    status: 401,
    code: 'unauthorized',
    message: `Unauthorized: ${reason}`,
    headers: {
      'www-authenticate': `Bearer realm="bot-backend", error="invalid_token", error_description="${reason}"`,
    },
  });
}

/**
 * With INBOUND_AUTH=jwt, a request passes only with `Authorization: Bearer <JWT>`:
 * HS256 signed with INTERNAL_SERVICE_JWT_SECRET, `iss` one of INBOUND_JWT_ISSUER,
 * `aud` bot-backend, `exp` and `iat` present and recent. Anything else is a 401
 * that says why. With INBOUND_AUTH=off (the local default) every request passes.
 * The token's `sub`, when it has one, is `c.get('tokenSubject')`.
 */
export function inboundAuth(
  settings: Pick<Settings, 'INBOUND_AUTH' | 'INTERNAL_SERVICE_JWT_SECRET' | 'INBOUND_JWT_ISSUER'>,
): MiddlewareHandler<AppEnv> {
  if (settings.INBOUND_AUTH !== 'jwt') return async (_c, next) => next();
  if (!settings.INTERNAL_SERVICE_JWT_SECRET) {
    // The settings loader refuses this too; a misconfigured app must not start open.
    throw new Error('INBOUND_AUTH=jwt needs INTERNAL_SERVICE_JWT_SECRET');
  }
  const key = new TextEncoder().encode(settings.INTERNAL_SERVICE_JWT_SECRET);
  return async (c, next) => {
    const header = requestHeader(c, 'authorization');
    if (!header) throw unauthorized('missing bearer token');
    const match = header.match(/^Bearer\s+(\S+)$/i);
    if (!match?.[1]) throw unauthorized('authorization is not a bearer token');
    try {
      const { payload } = await jwtVerify(match[1], key, {
        algorithms: ['HS256'],
        audience: INBOUND_TOKEN_AUDIENCE,
        issuer: [...settings.INBOUND_JWT_ISSUER],
        requiredClaims: ['exp', 'iat', 'iss'],
        maxTokenAge: INBOUND_TOKEN_MAX_AGE,
        clockTolerance: CLOCK_TOLERANCE_SEC,
      });
      c.get('logger')?.debug({ caller: payload.iss, jti: payload.jti }, 'service token accepted');
      if (typeof payload.sub === 'string' && payload.sub !== '') c.set('tokenSubject', payload.sub);
    } catch (error) {
      const reason = reasonFor(error);
      c.get('logger')?.warn({ reason }, 'service token refused');
      throw unauthorized(reason);
    }
    await next();
  };
}
