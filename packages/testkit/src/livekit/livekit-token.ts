import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** The claims of a LiveKit access token that the agent endpoint looks at (livekit-server-sdk's `AccessToken`). */
const claimsSchema = z.object({
  iss: z.string().min(1),
  sub: z.string().optional(),
  exp: z.number(),
  nbf: z.number().optional(),
  video: z.looseObject({ agent: z.boolean().optional() }).optional(),
});
export type LiveKitTokenClaims = z.infer<typeof claimsSchema>;

export type LiveKitTokenCheck = { ok: true; claims: LiveKitTokenClaims } | { ok: false; reason: string };

const headerSchema = z.object({ alg: z.literal('HS256') });

function decodePart(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/**
 * Checks `Authorization: Bearer <jwt>` as LiveKit's server does for `/agent`: HS256 signed with
 * the secret of the key named by `iss`, `exp` present and not passed, `nbf` reached, and the
 * `video.agent` grant. Synchronous, so it can refuse the WebSocket upgrade itself.
 */
export function checkAgentToken(
  authorization: string | undefined,
  keys: Record<string, string>,
  nowMs: number,
): LiveKitTokenCheck {
  const match = /^Bearer (\S+)$/.exec(authorization ?? '');
  if (!match?.[1]) return { ok: false, reason: 'no bearer token' };
  const parts = match[1].split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || !header || !payload || signature === undefined) {
    return { ok: false, reason: 'malformed token' };
  }
  let claims: LiveKitTokenClaims;
  try {
    if (!headerSchema.safeParse(decodePart(header)).success) return { ok: false, reason: 'alg is not HS256' };
    const parsed = claimsSchema.safeParse(decodePart(payload));
    if (!parsed.success) return { ok: false, reason: 'claims missing or malformed (iss, exp)' };
    claims = parsed.data;
  } catch {
    return { ok: false, reason: 'malformed token' };
  }
  const secret = keys[claims.iss];
  if (secret === undefined) return { ok: false, reason: 'unknown API key' };
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad signature' };
  }
  const nowSec = nowMs / 1000;
  if (claims.exp <= nowSec) return { ok: false, reason: 'token expired' };
  if (claims.nbf !== undefined && claims.nbf > nowSec + 5)
    return { ok: false, reason: 'token not valid yet' };
  if (claims.video?.agent !== true) return { ok: false, reason: 'no agent grant' };
  return { ok: true, claims };
}
