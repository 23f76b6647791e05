import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, evaluateExample, inProcessDeps } from '@bot-backend/api';
import { evaluateVerbal } from '@bot-backend/interview';
import { type Profile, profileDuring, summarize } from './cpu-profile.js';
import { runHttpLoad } from './http-load.js';
import { findFastApiPython, startApi, startBaseline, stop } from './side-by-side.js';
import { cpuProfileArgs } from './spawned-server.js';
import { findWrk, runWrkLoad } from './wrk-load.js';

/**
 * CPU time per /v1/evaluate (rubric), measured in this process so the figure
 * holds on a shared machine where wall-clock rates do not: the grader alone
 * (evaluateVerbal), then the whole app (middleware, validation, JSON) through
 * its fetch handler. Answers vary from request to request, so nothing keyed on
 * the answer could make it look cheaper than it is. `--served` measures the
 * server process instead, as `pnpm start` runs it with one worker, under 64
 * connections of the bench's one request (wrk when installed): its CPU time
 * (user + system, from /proc) over the requests answered; `--fastapi` measures
 * the FastAPI baseline (one uvicorn process) the same way.
 *
 *   node --conditions=@bot-backend/source --import tsx src/evaluate-cpu.ts [--n=4000] [--profile]
 *   node --conditions=@bot-backend/source --import tsx src/evaluate-cpu.ts --served [--fastapi] [--empty] [--seconds=5] [--windows=1] [--profile]
 */
const n = Number(process.argv.find((a) => a.startsWith('--n='))?.slice(4) ?? 4_000);
const profile = process.argv.includes('--profile');
// Served: measured windows in a row (the last one is profiled with --profile).
const windows = Number(process.argv.find((a) => a.startsWith('--windows='))?.slice(10) ?? 1);

// The README's example, which the bench's throughput runs send too.
const base = evaluateExample;
const sentences = base.answer.split(/(?<=[.!?:])\s+/u);
const fillers = ['', 'In short, ', 'Well, ', 'To be precise, ', 'Put simply, '];
/** The bench's answer, reordered and reworded: as many distinct answers as requests. */
function answerOf(i: number): string {
  const rotated = [...sentences.slice(i % sentences.length), ...sentences.slice(0, i % sentences.length)];
  return `${fillers[i % fillers.length]}${rotated.join(' ')} That is case ${i}.`;
}
const bodies = Array.from({ length: n }, (_, i) => JSON.stringify({ ...base, answer: answerOf(i) }));

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function measure(name: string, run: (i: number) => Promise<unknown>): Promise<void> {
  // Warm-up: JIT (the optimizing tier comes after some thousands of calls) and the per-question caches.
  for (let i = 0; i < 5_000; i++) await run(i % n);
  const work = async () => {
    const before = cpuMicros();
    const started = performance.now();
    for (let i = 0; i < n; i++) await run(i);
    return { cpu: cpuMicros() - before, wall: performance.now() - started };
  };
  if (profile) {
    const { result, top } = await profileDuring(work, 25);
    console.log(`${name}: ${(result.cpu / n).toFixed(1)} µs CPU per request (under the profiler)`);
    for (const t of top) console.log(`  ${t.percent.toFixed(1).padStart(5)}%  ${t.fn}`);
  } else {
    const { cpu, wall } = await work();
    console.log(
      `${name}: ${(cpu / n).toFixed(1)} µs CPU per request, ${((wall * 1000) / n).toFixed(1)} µs wall (${n} requests)`,
    );
  }
}

/** User + system CPU of another process so far, in microseconds (Linux). */
function processCpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime, fields 14 and 15 of stat(5), counted from the state field (3); clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** The system (kernel) part of the same, in microseconds. */
function processSystemMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[12]) * 10_000;
}

async function measureServed(seconds: number, which: 'api' | 'fastapi'): Promise<void> {
  const profileDir = profile && which === 'api' ? mkdtempSync(join(tmpdir(), 'bench-prof-')) : undefined;
  let server: Awaited<ReturnType<typeof startApi>>;
  if (which === 'api') server = await startApi(1, cpuProfileArgs(profileDir));
  else {
    const found = findFastApiPython();
    if ('skipped' in found) throw new Error(found.skipped);
    server = await startBaseline(found.python, 1);
  }
  const pid = server.child.pid ?? 0;
  const found = findWrk();
  const load = (durationMs: number) => {
    const options = {
      url: `${server.url}/v1/evaluate`,
      // --empty: an empty answer, graded by rule 1 at once: what the HTTP path costs without the rubric.
      body: process.argv.includes('--empty')
        ? JSON.stringify({ ...base, answer: '' })
        : (bodies[0] as string),
      connections: 64,
      durationMs,
    };
    return 'wrk' in found ? runWrkLoad(found.wrk, options) : runHttpLoad(options);
  };
  if ('missing' in found) console.log(`${found.missing}: the load is a Node loop in this process`);
  let loadEnded = performance.now();
  try {
    await load(2_000);
    for (let window = 1; window < windows; window++) {
      const before = processCpuMicros(pid);
      const result = await load(seconds * 1000);
      const cpu = processCpuMicros(pid) - before;
      console.log(
        `  window ${window}: ${(cpu / result.requests).toFixed(1)} µs CPU per request, ${result.rps.toFixed(0)} requests/s`,
      );
    }
    const before = processCpuMicros(pid);
    const systemBefore = processSystemMicros(pid);
    const result = await load(seconds * 1000);
    const cpu = processCpuMicros(pid) - before;
    const system = processSystemMicros(pid) - systemBefore;
    loadEnded = performance.now();
    console.log(
      `${which === 'api' ? 'apps/api' : 'FastAPI baseline'} served, 1 worker: ${(cpu / result.requests).toFixed(1)} µs CPU per request (${(system / result.requests).toFixed(1)} in the kernel); ${result.rps.toFixed(0)} requests/s, p99 ${result.p99Ms.toFixed(1)} ms, ${result.errors} errors (wall-clock, shared machine)`,
    );
  } finally {
    await stop(server.child);
  }
  const exitedMsAfterLoad = performance.now() - loadEnded;
  if (profileDir) {
    const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (file) {
      const text = readFileSync(join(profileDir, file), 'utf8');
      const keep = process.argv.find((a) => a.startsWith('--keep-profile='))?.slice('--keep-profile='.length);
      if (keep) writeFileSync(keep, text);
      const parsed = JSON.parse(text) as Profile;
      const window = { lengthMs: seconds * 1000, beforeEndMs: exitedMsAfterLoad };
      for (const t of summarize(parsed, 40, window))
        console.log(`  ${t.percent.toFixed(1).padStart(5)}%  ${t.fn}`);
    } else console.log('no profile was written');
    rmSync(profileDir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--served')) {
  const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 5);
  await measureServed(seconds, process.argv.includes('--fastapi') ? 'fastapi' : 'api');
  process.exit(0);
}

const app = createApp(
  inProcessDeps({
    env: { LOG_LEVEL: 'warn', NODE_ENV: 'production', INBOUND_AUTH: 'off' },
    // As the served app runs: JSON log lines (here to nowhere), the default metric collectors, main()'s readiness timeout.
    defaultMetrics: true,
    readinessTimeoutMs: 2_000,
  }),
);

await measure('evaluateVerbal', (i) => evaluateVerbal(JSON.parse(bodies[i] as string)));
await measure('app.fetch POST /v1/evaluate', async (i) => {
  const response = await app.fetch(
    new Request('http://127.0.0.1/v1/evaluate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodies[i],
    }),
  );
  if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
  await response.text();
});
process.exit(0);
