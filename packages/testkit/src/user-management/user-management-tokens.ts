import { webcrypto } from 'node:crypto';
import { errors, jwtVerify } from 'jose';

export interface TokenCheckSettings {
  secret: string;
  /** `importTokenKey(secret)`, imported once; jose would import the raw secret on every check. */
  key?: Promise<webcrypto.CryptoKey>;
  /** The stand-in's own clock (ms since the epoch). */
  now: () => number;
  /** Accepted difference between our clock and the caller's; 5 s by default. */
  clockToleranceSec?: number;
}

export type TokenCheck = { ok: true; jti: string } | { ok: false; reason: string };

/**
 * What user-management demands of a service token: HS256 with the shared
 * secret, iss bot-backend, aud user-management, a jti, and a lifetime of at
 * most 60 s from iat. Each refusal names its reason (the 401 body carries it).
 */
export async function checkServiceToken(
  authorization: string | undefined,
  settings: TokenCheckSettings,
): Promise<TokenCheck> {
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  if (!match?.[1]) return { ok: false, reason: 'missing bearer token' };
  try {
    const key = await (settings.key ?? importTokenKey(settings.secret));
    const { payload } = await jwtVerify(match[1], key, {
      algorithms: ['HS256'],
      issuer: 'bot-backend',
      audience: 'user-management',
      currentDate: new Date(settings.now()),
      clockTolerance: settings.clockToleranceSec ?? 5,
      // Also refuses an iat in the future beyond the tolerance.
      maxTokenAge: 60,
      requiredClaims: ['iat', 'exp', 'jti'],
    });
    if (typeof payload.jti !== 'string' || payload.jti === '') return { ok: false, reason: 'missing jti' };
    if ((payload.exp ?? 0) - (payload.iat ?? 0) > 60)
      return { ok: false, reason: 'token lives longer than 60 s' };
    return { ok: true, jti: payload.jti };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'token expired' };
    if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'bad signature' };
    if (error instanceof errors.JWTClaimValidationFailed) {
      return { ok: false, reason: `claim ${error.claim} refused: ${error.reason}` };
    }
    return { ok: false, reason: error instanceof Error ? error.message : 'invalid token' };
  }
}

export function importTokenKey(secret: string): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
}
