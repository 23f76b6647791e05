import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { HttpLoadOptions, HttpLoadResult } from './http-load.js';

/**
 * The same closed-loop load as http-load.ts (`connections` keep-alive sockets,
 * each sending its next request when the answer is in) from wrk, a C program
 * with one thread: it costs the machine a fraction of what a Node loop does,
 * so the servers measured get the cores. Debian package `wrk`.
 */
export function findWrk(): { wrk: string } | { missing: string } {
  for (const wrk of ['/usr/bin/wrk', 'wrk']) {
    try {
      execFileSync(wrk, ['--version'], { stdio: 'ignore', timeout: 10_000 });
      return { wrk };
    } catch (error) {
      // wrk --version prints its banner and exits 1: it ran.
      if ((error as { status?: number }).status === 1) return { wrk };
    }
  }
  return { missing: 'wrk is not installed (Debian: apt-get install wrk)' };
}

// wrk's `done` hook prints one JSON line: counts, and latency percentiles in microseconds.
const script = `
local f = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nBENCH_JSON {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"status":%d,"socket":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
`;

const wrkSummary = z.object({
  requests: z.number(),
  durationUs: z.number().positive(),
  p50Us: z.number(),
  p99Us: z.number(),
  status: z.number(),
  socket: z.number(),
});

export async function runWrkLoad(wrk: string, options: HttpLoadOptions): Promise<HttpLoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
  try {
    const scriptFile = join(dir, 'post.lua');
    const bodyFile = join(dir, 'body.json');
    writeFileSync(scriptFile, script);
    writeFileSync(bodyFile, options.body);
    const seconds = Math.max(1, Math.round(options.durationMs / 1000));
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        wrk,
        [
          '-t1',
          `-c${options.connections}`,
          `-d${seconds}s`,
          '--timeout',
          '10s',
          '-s',
          scriptFile,
          options.url,
        ],
        { env: { ...process.env, BENCH_BODY_FILE: bodyFile }, timeout: seconds * 1000 + 30_000 },
        (error, out, err) =>
          error ? reject(new Error(`wrk failed: ${error.message}\n${err}`)) : resolve(out),
      );
    });
    const line = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
    if (!line) throw new Error(`wrk printed no summary:\n${stdout}`);
    const s = wrkSummary.parse(JSON.parse(line.slice('BENCH_JSON '.length)));
    return {
      requests: s.requests,
      rps: (s.requests / s.durationUs) * 1e6,
      p50Ms: s.p50Us / 1000,
      p99Ms: s.p99Us / 1000,
      errors: s.status + s.socket,
      // wrk does not read the answers' bodies.
      evaluators: {},
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
