import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { runBatchTurn } from './batch-pipeline.js';
import { concurrencyLines } from './concurrency-report.js';
import { runConcurrency } from './concurrency-suite.js';
import { profileDuring } from './cpu-profile.js';
import { evaluationCases } from './evaluation-cases.js';
import type { HttpLoadResult } from './http-load.js';
import { type LoadHandle, startLoadProcess, vendorEnv } from './load-handle.js';
import { type ReferenceWorkMs, referenceWorkMs } from './machine-speed.js';
import {
  type BenchResults,
  type EvaluationFigure,
  latencyRows,
  markdownReport,
  referenceWork,
  sideBySideLines,
} from './report.js';
import { type PersonaTurnTaking, personasFromSimReport } from './response-gap-targets.js';
import { measureSandboxOverhead } from './sandbox-overhead.js';
import { type ServerUnderTest, startServerUnderTest } from './server-under-test.js';
import { runSideBySide } from './side-by-side.js';
import { measureStartup } from './startup-time.js';
import { round1, spread } from './stats.js';
import { checkTargets } from './targets.js';
import { analyzeTurn, bargeInFigures, summarizeTurns } from './turn-analysis.js';
import { candidateAnswer, defaultVendorProfile } from './vendor-profile.js';

const quick = process.argv.includes('--quick');
// Quick: the same code, small numbers, and runs that end on a count of turns (with a generous cap)
// rather than on a clock, so a loaded CI machine is slower but not failing.
const basePlan = quick
  ? {
      latencyTurns: 2,
      latencyCapMs: 40_000,
      batchTurns: 2,
      levels: [4],
      levelMs: 40_000,
      levelTurns: 1 as number | undefined,
      profileMs: 0,
      rampMs: 500,
      evalMs: 500,
      evalRuns: 1,
      sandboxRuns: 10,
      startupRuns: 1,
      sideRounds: 1,
      sideMs: 500,
      sideWarmUpMs: 500,
    }
  : {
      latencyTurns: 12,
      latencyCapMs: 120_000,
      batchTurns: 10,
      levels: [10, 25, 50, 100, 200, 400],
      levelMs: 18_000,
      levelTurns: undefined as number | undefined,
      profileMs: 8_000,
      rampMs: 4_000,
      evalMs: 2_000,
      evalRuns: 3,
      sandboxRuns: 100,
      startupRuns: 5,
      sideRounds: 2,
      sideMs: 10_000,
      sideWarmUpMs: 10_000,
    };
const plan = { ...basePlan, workers: undefined as number | undefined };
// `--levels=50,100` replaces the concurrency levels (to look at one level closely).
const levelsArg = process.argv.find((arg) => arg.startsWith('--levels='));
if (levelsArg)
  plan.levels = levelsArg
    .slice('--levels='.length)
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
// `--profile-seconds=30`: a longer profiled run of the largest level (the default 8 s is mostly its sessions' starts).
const profileArg = process.argv.find((arg) => arg.startsWith('--profile-seconds='));
if (profileArg) plan.profileMs = Number(profileArg.slice('--profile-seconds='.length)) * 1000;
// `--workers=1` serves the concurrency levels from one worker (what one core holds); default: one per core.
const workersArg = process.argv.find((arg) => arg.startsWith('--workers='));
if (workersArg) plan.workers = Number(workersArg.slice('--workers='.length)) || undefined;
const onlyConcurrency = process.argv.includes('--only=concurrency');
// `--only=latency`: the one-session turns alone (the response gap), printed.
const onlyLatency = process.argv.includes('--only=latency');
// `--only=side-by-side`: /v1/evaluate against the FastAPI baseline alone, printed (to repeat it).
const onlySideBySide = process.argv.includes('--only=side-by-side');
const profile = defaultVendorProfile;
const errors: string[] = [];
const began = performance.now();
const loadAtStart = loadavg()[0] ?? Number.NaN;
// Before anything of the bench runs: how fast the machine is now (machine-speed.ts).
const referenceAtStart = referenceWorkMs();
/** The reference work at the start, and again now (a run's end). */
const referenceAtStartAndNow = (): ReferenceWorkMs => [referenceAtStart, referenceWorkMs()];
const cpuProfiles: BenchResults['cpuProfiles'] = [];

function log(line: string): void {
  process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(1)}s] ${line}\n`);
}

async function waitForSessionsClosed(server: ServerUnderTest): Promise<void> {
  const deadline = performance.now() + 15_000;
  while ((server.voiceSessions() ?? 0) > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The sim's report named by `--sim-report=PATH`, read for the response-gap targets of its personas. */
async function simPersonas(): Promise<PersonaTurnTaking[] | undefined> {
  const arg = process.argv.find((a) => a.startsWith('--sim-report='));
  if (!arg) return undefined;
  const path = arg.slice('--sim-report='.length);
  return personasFromSimReport(JSON.parse(await readFile(path, 'utf8')));
}

/** `--only=concurrency`: the concurrency levels alone, printed and written to results/concurrency.json. */
async function concurrencyOnly(load: LoadHandle, env: Record<string, string>): Promise<void> {
  const run = await runConcurrency({ load, env, profile, plan, log });
  errors.push(...run.errors.slice(0, 20));
  const reference = referenceAtStartAndNow();
  const lines = [`${referenceWork(reference)}.`, '', ...concurrencyLines(run.levels, run.server)];
  if (run.cpuProfile) {
    lines.push('', `Top self time, ${run.cpuProfile.run}:`);
    for (const t of run.cpuProfile.top)
      lines.push(`- ${t.fn}: ${t.ms.toFixed(0)} ms (${t.percent.toFixed(1)}%)`);
  }
  const file = new URL('../results/concurrency.json', import.meta.url);
  await mkdir(new URL('../results/', import.meta.url), { recursive: true });
  await writeFile(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), loadAverage: [loadAtStart, loadavg()[0]], referenceWorkMs: reference, ...run }, null, 2)}\n`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  log(`wrote ${file.pathname}`);
}

/** /v1/evaluate (rubric) side by side with the original's stack, each server in its own processes. */
async function sideBySideRun(load: LoadHandle) {
  log('side by side: /v1/evaluate (rubric) against FastAPI + uvicorn, 64 connections, 2 workers each');
  const sideBySide = await runSideBySide({
    load: async (url, body, connections, durationMs) => {
      const reply = await load.ask({ type: 'http', url, body, connections, durationMs });
      if (reply.type !== 'http') throw new Error('no http results');
      return reply.result;
    },
    body: evaluationCases(0)[0]?.body,
    connections: 64,
    rounds: plan.sideRounds,
    roundMs: plan.sideMs,
    warmUpMs: plan.sideWarmUpMs,
    log,
  });
  if (sideBySide.ours.errors > 0) errors.push(`side by side: ${sideBySide.ours.errors} errors on apps/api`);
  return sideBySide;
}

async function main(): Promise<void> {
  log(`${quick ? 'quick' : 'full'} run on ${cpus().length} cores, node ${process.version}`);
  const load = await startLoadProcess();
  try {
    const fakes = await load.ask({ type: 'fakes', profile });
    if (fakes.type !== 'fakes') throw new Error('no fakes');
    const env = vendorEnv(fakes);
    if (onlyConcurrency) {
      await concurrencyOnly(load, env);
      return;
    }
    if (onlySideBySide) {
      const figures = await sideBySideRun(load);
      const reference = referenceWork(referenceAtStartAndNow());
      process.stdout.write(`${reference}.\n\n${sideBySideLines(figures).join('\n')}\n`);
      return;
    }
    const voiceServer = await startServerUnderTest(env);
    if (voiceServer.voiceSessions() === undefined) throw new Error('this build has no /ws/voice route');

    const voiceRun = async (
      sessions: number,
      durationMs: number,
      turnsPerSession: number | undefined,
      bargeInAfterMs: number | undefined,
    ) => {
      const reply = await load.ask({
        type: 'voice',
        url: voiceServer.wsUrl,
        sessions,
        rampMs: sessions > 1 ? plan.rampMs : 0,
        durationMs,
        turnsPerSession,
        msPerWord: profile.stt.msPerWord,
        endpointingMs: profile.stt.endpointingMs,
        bargeInAfterMs,
      });
      if (reply.type !== 'voice') throw new Error('no voice results');
      // Quick runs fail on any session error; full runs report them per level (overload is a finding).
      if (quick || sessions === 1) errors.push(...reply.errors);
      if (reply.endpointingMs !== undefined && reply.endpointingMs !== profile.stt.endpointingMs) {
        errors.push(
          `the STT was asked for endpointing ${reply.endpointingMs} ms, the profile says ${profile.stt.endpointingMs}`,
        );
      }
      await waitForSessionsClosed(voiceServer);
      return reply;
    };

    // 1. Turn latency and barge-in: one session.
    log('turn latency, 1 session');
    const single = await voiceRun(1, plan.latencyCapMs, plan.latencyTurns, 400);
    const latencyFigures = single.turns.map((t) => analyzeTurn(t, profile)).filter((f) => f !== undefined);
    if (latencyFigures.length === 0) errors.push('no streamed turn reached its first audio');
    const barge = bargeInFigures(single.turns, single.speechStartedAt);
    if (barge.length === 0) errors.push('no barge-in was measured');
    if (onlyLatency) {
      await voiceServer.close();
      process.stdout.write(`${latencyRows(summarizeTurns(latencyFigures)).join('\n')}\n`);
      // Each turn's figures, to see where one turn's overhead went.
      const file = new URL('../results/latency.json', import.meta.url);
      await mkdir(new URL('../results/', import.meta.url), { recursive: true });
      await writeFile(
        file,
        `${JSON.stringify({ at: new Date().toISOString(), turns: latencyFigures }, null, 2)}\n`,
      );
      log(`wrote ${file.pathname}`);
      return;
    }

    // 2. The same turns through the batch pipeline.
    log('batch pipeline');
    const answerAudio = {
      samples: new Int16Array(
        (candidateAnswer.split(/\s+/).length * profile.stt.msPerWord * 16_000) / 1000,
      ).map((_, i) => Math.round(8_000 * Math.sin((2 * Math.PI * 200 * i) / 16_000))),
      sampleRate: 16_000,
    };
    const batch = [];
    for (let i = 0; i < plan.batchTurns; i++) {
      batch.push(
        await runBatchTurn(voiceServer.providers, {
          answerAudio,
          endpointingMs: profile.stt.endpointingMs,
          sampleRate: 24_000,
        }),
      );
    }

    // 3. Concurrency: apps/api in its own processes, as `pnpm start` runs it (one worker per core).
    const concurrencyRun = await runConcurrency({ load, env, profile, plan, log });
    const concurrency = concurrencyRun.levels;
    if (quick) errors.push(...concurrencyRun.errors);
    for (const level of concurrency)
      if (level.turns === 0 && quick) errors.push(`no turn completed at ${level.sessions} sessions`);
    if (concurrencyRun.cpuProfile) cpuProfiles.push(concurrencyRun.cpuProfile);

    // 4. Evaluation throughput: the rubric (no LLM configured) and the LLM path (the OpenAI fake).
    const rubricServer = await startServerUnderTest({});
    // A fresh server for the LLM path: an LLM circuit the voice runs opened must not send it to the rubric.
    const llmServer = await startServerUnderTest(env);
    const evaluation: EvaluationFigure[] = [];
    for (const item of evaluationCases(profile.evaluationLlmMs)) {
      const server = item.path === 'llm' ? llmServer : rubricServer;
      const runs: HttpLoadResult[] = [];
      log(`evaluation ${item.route} ${item.path}, ${item.connections} connections`);
      for (let i = 0; i < plan.evalRuns; i++) {
        const reply = await load.ask({
          type: 'http',
          url: `${server.url}${item.route}`,
          body: JSON.stringify(item.body),
          connections: item.connections,
          durationMs: plan.evalMs,
        });
        if (reply.type !== 'http') throw new Error('no http results');
        runs.push(reply.result);
        if (reply.result.errors > 0)
          errors.push(`${item.route} (${item.path}): ${reply.result.errors} errors`);
        // A row named for the LLM path measures it only if the LLM graded: a fallback is another path.
        const standIns = Object.entries(reply.result.evaluators).filter(([name]) => name !== item.path);
        if (item.path === 'llm' && standIns.length > 0)
          errors.push(
            `${item.route} (llm): graded by ${standIns.map(([name, n]) => `${name} ${n}×`).join(', ')} instead of the LLM`,
          );
      }
      if (plan.profileMs > 0 && item.path === 'rubric' && item.route === '/v1/evaluate') {
        const profiledRun = await profileDuring(() =>
          load.ask({
            type: 'http',
            url: `${server.url}${item.route}`,
            body: JSON.stringify(item.body),
            connections: item.connections,
            durationMs: plan.evalMs,
          }),
        );
        cpuProfiles.push({
          run: `${item.route} (rubric), ${item.connections} connections`,
          top: profiledRun.top,
        });
      }
      evaluation.push({
        route: item.route,
        path: item.path,
        connections: item.connections,
        fakeLatencyMs: item.fakeLatencyMs,
        rps: spread(runs.map((r) => r.rps)),
        p50Ms: spread(runs.map((r) => r.p50Ms)),
        p99Ms: spread(runs.map((r) => r.p99Ms)),
        requests: runs.reduce((sum, r) => sum + r.requests, 0),
        errors: runs.reduce((sum, r) => sum + r.errors, 0),
        evaluators: runs.reduce<Record<string, number>>((all, r) => {
          for (const [name, count] of Object.entries(r.evaluators)) all[name] = (all[name] ?? 0) + count;
          return all;
        }, {}),
      });
    }
    await rubricServer.close();
    await llmServer.close();
    await voiceServer.close();

    // 5. What confinement costs one code execution.
    log(`start-up: apps/api from spawn to /healthz, ${plan.startupRuns} times`);
    const startupMs = await measureStartup(plan.startupRuns).catch((error: unknown) => {
      errors.push(`start-up: ${(error as Error).message}`);
      return undefined;
    });

    log(`sandbox overhead, ${plan.sandboxRuns} trivial Python runs each way`);
    const sandboxOverhead = await measureSandboxOverhead(plan.sandboxRuns).catch((error: unknown) => {
      errors.push(`sandbox overhead: ${(error as Error).message}`);
      return undefined;
    });

    // 5. Side by side with the original's stack, each server in its own processes.
    const sideBySide = await sideBySideRun(load);

    const latency = summarizeTurns(latencyFigures);
    const batchSummary = {
      turns: batch.length,
      firstAudioMs: spread(batch.map((b) => b.firstAudioMs)),
      sttMs: spread(batch.map((b) => b.sttMs)),
      llmMs: spread(batch.map((b) => b.llmMs)),
      ttsMs: spread(batch.map((b) => b.ttsMs)),
      encodeMs: spread(batch.map((b) => b.encodeMs)),
    };
    const results: BenchResults = {
      quick,
      at: new Date().toISOString(),
      durationS: round1((performance.now() - began) / 1000),
      machine: {
        nproc: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        loadAverage: [loadAtStart, loadavg()[0] ?? Number.NaN],
        referenceWorkMs: referenceAtStartAndNow(),
      },
      cpuProfiles,
      latencyTurns: latencyFigures,
      profile,
      latency,
      batch: batchSummary,
      streamingOverBatch: latency.firstAudioMs.median / batchSummary.firstAudioMs.median,
      streamingOverBatchAfterStt:
        (latency.firstAudioMs.median - latency.sttCriticalMs.median) /
        (batchSummary.firstAudioMs.median - batchSummary.sttMs.median),
      bargeIn: {
        count: barge.length,
        toSilenceMs: spread(barge.map((b) => b.toSilenceMs)),
        // The engine resumes a reply when it decides the sound was no interruption (in time, a timing matter).
        resumed: barge.filter((b) => b.framesAfterClear > 0).length,
      },
      concurrency,
      concurrencyServer: concurrencyRun.server,
      evaluation,
      ...(sandboxOverhead ? { sandboxOverhead } : {}),
      ...(startupMs ? { startupMs } : {}),
      sideBySide,
      simPersonas: await simPersonas(),
      targets: [],
      errors,
    };
    results.targets = checkTargets(results);
    await mkdir(new URL('../results/', import.meta.url), { recursive: true });
    const file = new URL(`../results/${quick ? 'quick' : 'latest'}.json`, import.meta.url);
    await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${markdownReport(results)}\n`);
    log(`wrote ${file.pathname}`);
  } finally {
    await load.close();
  }
  if (errors.length > 0) {
    log(`${errors.length} error(s):\n  ${errors.slice(0, 20).join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  log(`failed: ${String((error as Error)?.stack ?? error)}`);
  process.exitCode = 1;
});
