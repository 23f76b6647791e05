import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseEnv } from 'node:util';

/** Read in this order; a later file overrides an earlier one. */
export const envFileNames = ['.env', '.env.local'] as const;

export type EnvRecord = Readonly<Record<string, string | undefined>>;

/** The variables of `.env` then `.env.local` in `dir` (missing files are skipped). */
export function readEnvFiles(dir: string): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const name of envFileNames) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    if (name === '.env.local') keepPrivate(path);
    const parsed = parseEnv(readFileSync(path, 'utf8'));
    for (const [key, value] of Object.entries(parsed)) {
      if (value !== undefined) merged[key] = value;
    }
  }
  return merged;
}

/**
 * Env files of the Python original in `dir`: `env.local` (its app's second file) and `env.{ENV}`
 * (its worker's). Not read here; loadSettings refuses to start beside one rather than ignore it.
 */
export function retiredEnvFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => /^env\.[\w-]+$/.test(name))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Where the env files live: the nearest directory at or above `start` holding
 * pnpm-workspace.yaml (so `pnpm start` from a package still reads the root
 * `.env.local`), or `start` itself outside a workspace (a deployed image).
 */
export function findEnvDir(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/**
 * `.env.local` holds the keys: when this process owns it and others may read
 * it (a `cp` under umask 022 leaves it 0644), it is narrowed to 0600 before it
 * is read, so no other user on the machine can read the keys.
 */
function keepPrivate(path: string): void {
  const stat = statSync(path);
  if ((stat.mode & 0o077) !== 0 && stat.uid === process.getuid?.()) chmodSync(path, 0o600);
}
