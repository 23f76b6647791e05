import { type EnvRecord, parseSettings, readEnvFiles } from '@bot-backend/config';
import { checksFor, smokeVendors } from './smoke-checks.js';

export interface SmokeRow {
  vendor: string;
  check: string;
  /** `ok`, `failed: …`, or `skipped: no key`. */
  outcome: string;
  ms: number | undefined;
  detail: string;
}

export interface SmokeOptions {
  /** The merged variables (.env files, then the environment). */
  env: EnvRecord;
  write: (line: string) => void;
  /** Per call; a real vendor answers these in well under it. */
  timeoutMs?: number | undefined;
}

/** `.env`, `.env.local`, then the environment, like the apps. */
export const smokeEnv = (dir: string, env: EnvRecord): EnvRecord => ({ ...readEnvFiles(dir), ...env });

const errorText = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/**
 * One short real call per capability of every vendor that has a key, one after
 * another, and a table of outcome and latency. A vendor without a key is one
 * `skipped: no key` line. Returns the exit code: 1 when a configured vendor failed.
 */
export async function runSmoke(options: SmokeOptions): Promise<number> {
  const rows: SmokeRow[] = [];
  const settings = parseSettings(options.env);
  for (const { vendor, key } of smokeVendors()) {
    if ((options.env[key] ?? '').trim() === '') {
      rows.push({
        vendor,
        check: '-',
        outcome: 'skipped: no key',
        ms: undefined,
        detail: `${key} is not set`,
      });
      continue;
    }
    for (const check of await checksFor(vendor, settings)) {
      const started = performance.now();
      const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
      try {
        const detail = await check.run(signal);
        rows.push({
          vendor,
          check: check.name,
          outcome: 'ok',
          ms: Math.round(performance.now() - started),
          detail,
        });
      } catch (error) {
        rows.push({
          vendor,
          check: check.name,
          outcome: `failed: ${errorText(error)}`,
          ms: Math.round(performance.now() - started),
          detail: '',
        });
      }
    }
  }
  for (const line of formatTable(rows)) options.write(line);
  const failed = rows.filter((row) => row.outcome.startsWith('failed'));
  const configured = rows.some((row) => !row.outcome.startsWith('skipped'));
  options.write(
    failed.length > 0
      ? `smoke: ${failed.length} call(s) failed`
      : configured
        ? 'smoke: every configured vendor answered'
        : 'smoke: no vendor key is set; put your keys in .env.local (see .env.example) and run it again',
  );
  return failed.length === 0 ? 0 : 1;
}

export function formatTable(rows: readonly SmokeRow[]): string[] {
  const cells = [
    ['vendor', 'check', 'outcome', 'ms', 'detail'],
    ...rows.map((row) => [
      row.vendor,
      row.check,
      row.outcome,
      row.ms === undefined ? '' : String(row.ms),
      row.detail,
    ]),
  ];
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  return cells.map((line) =>
    line
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
}
