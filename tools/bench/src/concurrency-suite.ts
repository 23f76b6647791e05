import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { startClusterUnderTest } from './cluster-under-test.js';
import type { ConcurrencyServer } from './concurrency-report.js';
import { idleRssBytes, measureLevel, runVoiceLoad, waitForSessionsClosed } from './concurrency-run.js';
import { summarizeProfileDir } from './cpu-profile.js';
import type { LoadHandle } from './load-handle.js';
import type { BenchResults, ConcurrencyLevel } from './report.js';
import type { VendorProfile } from './vendor-profile.js';

export interface ConcurrencyPlan {
  levels: number[];
  levelMs: number;
  levelTurns: number | undefined;
  rampMs: number;
  /** A separate run at the largest level under `--cpu-prof` (0: none). */
  profileMs: number;
  /** WEB_CONCURRENCY for the server; undefined: as `pnpm start` decides (one worker per core). */
  workers: number | undefined;
}

/** The server's settings for the concurrency levels, besides its vendors. */
export const concurrencyEnv = {
  // The limits under test are the machine's, not the admission settings.
  VOICE_MAX_SESSIONS: '2000',
  // Every candidate connects from this one loopback address.
  VOICE_MAX_SESSIONS_PER_CLIENT: '2000',
  // As the in-process runs: no moderation call per answer (main() would infer OpenAI's from the key).
  MODERATION_PROVIDER: 'none',
};

/**
 * The concurrency levels against apps/api started as `pnpm start` runs it, in
 * its own processes, so every worker serves sessions and its CPU is counted;
 * then, if asked, the largest level again under V8's profiler in every worker.
 */
export async function runConcurrency(options: {
  load: LoadHandle;
  env: Record<string, string>;
  profile: VendorProfile;
  plan: ConcurrencyPlan;
  log: (line: string) => void;
}): Promise<{
  levels: ConcurrencyLevel[];
  server: ConcurrencyServer;
  cpuProfile: BenchResults['cpuProfiles'][number] | undefined;
  errors: string[];
}> {
  const { load, profile, plan, log } = options;
  const env = { ...options.env, ...concurrencyEnv };
  const workers = plan.workers ?? availableParallelism();
  const server = await startClusterUnderTest(env, { workers: plan.workers });
  log(`server log: ${server.logFile}`);
  const levels: ConcurrencyLevel[] = [];
  const errors: string[] = [];
  try {
    const idle = idleRssBytes(server);
    for (const sessions of plan.levels) {
      log(`concurrency, ${sessions} sessions, ${workers} workers`);
      const measured = await measureLevel({
        load,
        server,
        profile,
        sessions,
        rampMs: plan.rampMs,
        durationMs: plan.levelMs,
        turnsPerSession: plan.levelTurns,
        idleRssBytes: idle,
      });
      levels.push(measured.level);
      errors.push(...measured.errors);
    }
  } finally {
    await server.close();
  }
  const largest = plan.levels.at(-1);
  let cpuProfile: BenchResults['cpuProfiles'][number] | undefined;
  if (plan.profileMs > 0 && largest !== undefined) {
    log(`cpu profile, ${largest} sessions, ${workers} workers`);
    // BENCH_CPU_PROFILE_DIR keeps the profiles (to open in a profiler); else they go once summed.
    const kept = process.env.BENCH_CPU_PROFILE_DIR;
    const dir = kept ?? mkdtempSync(`${tmpdir()}/bench-cpuprof-`);
    const profiled = await startClusterUnderTest(env, { workers: plan.workers, cpuProfileDir: dir });
    const began = performance.now();
    try {
      await runVoiceLoad({
        load,
        server: profiled,
        profile,
        sessions: largest,
        rampMs: plan.rampMs,
        durationMs: plan.profileMs,
        turnsPerSession: undefined,
      });
      await waitForSessionsClosed(profiled);
    } finally {
      await profiled.close();
    }
    const summary = summarizeProfileDir(dir, performance.now() - began);
    if (!kept) rmSync(dir, { recursive: true, force: true });
    cpuProfile = { run: `${largest} voice sessions (${summary.processes} processes)`, top: summary.top };
  }
  return { levels, server: { workers, cores: availableParallelism() }, cpuProfile, errors };
}
