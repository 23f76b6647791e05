import type { Settings } from '@bot-backend/config';

/** Which browser origins, besides the server's own, may call the REST routes and open /ws/voice. */
export interface OriginPolicy {
  allows(origin: string): boolean;
}

/**
 * CORS_ORIGINS (a list, or `*` outside production) and CORS_ALLOW_NULL_ORIGIN:
 * `Origin: null` (a page opened from a file, a sandboxed frame) is let in only
 * when opted in, even with `*`, since any sandboxed page can claim it.
 */
export function createOriginPolicy(
  settings: Pick<Settings, 'CORS_ORIGINS' | 'CORS_ALLOW_NULL_ORIGIN'>,
): OriginPolicy {
  const any = settings.CORS_ORIGINS.includes('*');
  const listed = new Set(settings.CORS_ORIGINS);
  return {
    allows(origin) {
      if (origin === 'null') return settings.CORS_ALLOW_NULL_ORIGIN;
      let parsed: URL;
      try {
        parsed = new URL(origin);
      } catch {
        return false;
      }
      // A browser sends a bare origin; anything with a path or other parts is not one.
      if (parsed.origin !== origin) return false;
      return any || listed.has(parsed.origin);
    },
  };
}
