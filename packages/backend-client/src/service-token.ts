import { randomUUID, webcrypto } from 'node:crypto';
import { SignJWT } from 'jose';
import { BackendError } from './backend-errors.js';

export const SERVICE_TOKEN_ISSUER = 'bot-backend';
export const SERVICE_TOKEN_AUDIENCE = 'user-management';
export const SERVICE_TOKEN_TTL_SEC = 60;
export const MIN_SECRET_LENGTH = 32;

export interface ServiceTokenSettings {
  /** INTERNAL_SERVICE_JWT_SECRET: at least 32 characters. */
  secret: string;
  issuer?: string;
  audience?: string;
  /** Milliseconds since the epoch; Date.now by default. */
  now?: () => number;
}

export type ServiceTokenSigner = () => Promise<string>;

/**
 * HS256 service tokens for user-management: iss, aud, iat, exp = iat + 60 s and
 * a fresh jti each time, so every attempt carries its own short-lived token.
 * A secret shorter than 32 characters is refused here, at start, not at the first call.
 */
export function createServiceTokenSigner(settings: ServiceTokenSettings): ServiceTokenSigner {
  if (typeof settings.secret !== 'string' || settings.secret.length < MIN_SECRET_LENGTH) {
    throw new BackendError(
      `INTERNAL_SERVICE_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters (HS256 needs a 256-bit key)`,
      { kind: 'config' },
    );
  }
  const secret = new TextEncoder().encode(settings.secret);
  // Imported once: jose would import a raw secret again for every token.
  let key: ReturnType<typeof importHmacKey> | undefined;
  const issuer = settings.issuer ?? SERVICE_TOKEN_ISSUER;
  const audience = settings.audience ?? SERVICE_TOKEN_AUDIENCE;
  const now = settings.now ?? Date.now;
  return async () => {
    key ??= importHmacKey(secret);
    const iat = Math.floor(now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + SERVICE_TOKEN_TTL_SEC)
      .setJti(randomUUID())
      .sign(await key);
  };
}

function importHmacKey(secret: Uint8Array) {
  return webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}
