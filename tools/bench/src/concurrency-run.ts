import { startBystander } from './bystander.js';
import { type ClusterUnderTest, metricSum } from './cluster-under-test.js';
import type { LoadHandle } from './load-handle.js';
import { processTree, treeCpuMs, treeRssBytes } from './process-tree.js';
import type { ConcurrencyLevel } from './report.js';
import { spread } from './stats.js';
import { ALL_UP_SETTLE_MS, type CpuSample, cpuPercentBetween } from './steady-cpu.js';
import { analyzeTurn, summarizeTurns } from './turn-analysis.js';
import type { VendorProfile } from './vendor-profile.js';

/** prom-client's default event-loop monitor: its histogram holds the timer's whole interval. */
const LOOP_RESOLUTION_MS = 10;
const loopDelayMs = (seconds: number) => Math.max(0, seconds * 1000 - LOOP_RESOLUTION_MS);

/** Open /ws/voice sessions over every worker. */
export const voiceSessions = (server: ClusterUnderTest) => server.metric('voice_active_sessions');

export async function waitForSessionsClosed(server: ClusterUnderTest): Promise<void> {
  const deadline = performance.now() + 15_000;
  while ((await voiceSessions(server)) > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * CPU (of one core), event-loop delay and resident memory of the server's
 * whole process tree over a run. The loop delay is prom-client's per worker
 * (reset at each scrape): p50 and p99 averaged over the workers, max the largest.
 */
async function watchServer(server: ClusterUnderTest) {
  const circuit = (text: string) => metricSum(text, 'provider_events_total', 'type="circuit"');
  const preemptive = (text: string) => ({
    generated: metricSum(text, 'voice_preemptive_replies_total', 'outcome="generated"'),
    used: metricSum(text, 'voice_preemptive_replies_total', 'outcome="used"'),
    discarded: metricSum(text, 'voice_preemptive_replies_total', 'outcome="discarded"'),
  });
  const first = await server.scrape();
  const circuitBefore = circuit(first);
  const preemptiveBefore = preemptive(first);
  const cpuAtStart = treeCpuMs(processTree(server.pid));
  const startedAt = performance.now();
  const rss: number[] = [];
  const cpu: CpuSample[] = [];
  const sampler = setInterval(() => {
    const tree = processTree(server.pid);
    rss.push(treeRssBytes(tree));
    cpu.push({ atMs: performance.now() - startedAt, cpuMs: treeCpuMs(tree) - cpuAtStart });
  }, 250);
  /** `allUp`: the stretch of the run (ms from its start) when every session is up. */
  return async (allUp: { fromMs: number; toMs: number }) => {
    clearInterval(sampler);
    const cpuMs = treeCpuMs(processTree(server.pid)) - cpuAtStart;
    const wallMs = performance.now() - startedAt;
    // Steady state: the second half of the samples.
    const steady = rss.slice(Math.floor(rss.length / 2)).sort((a, b) => a - b);
    const text = await server.scrape();
    const preemptiveAfter = preemptive(text);
    return {
      loopDelayP50Ms: loopDelayMs(metricSum(text, 'nodejs_eventloop_lag_p50_seconds')),
      loopDelayP99Ms: loopDelayMs(metricSum(text, 'nodejs_eventloop_lag_p99_seconds')),
      loopDelayMaxMs: loopDelayMs(metricSum(text, 'nodejs_eventloop_lag_max_seconds')),
      circuitChanges: circuit(text) - circuitBefore,
      preemptiveReplies: {
        generated: preemptiveAfter.generated - preemptiveBefore.generated,
        used: preemptiveAfter.used - preemptiveBefore.used,
        discarded: preemptiveAfter.discarded - preemptiveBefore.discarded,
      },
      cpuMs,
      cpuPercent: (cpuMs / wallMs) * 100,
      allUpCpuPercent: cpuPercentBetween(cpu, allUp.fromMs, allUp.toMs),
      rssBytes: steady[Math.floor(steady.length / 2)] ?? treeRssBytes(processTree(server.pid)),
    };
  };
}

export interface LevelOptions {
  load: LoadHandle;
  server: ClusterUnderTest;
  profile: VendorProfile;
  sessions: number;
  rampMs: number;
  durationMs: number;
  /** Stop once every session has this many measured turns (quick runs). */
  turnsPerSession: number | undefined;
}

/** Candidates on /ws/voice from the load process, for a while; how the turns went (sessions may still be closing). */
export async function runVoiceLoad(options: LevelOptions) {
  const reply = await options.load.ask({
    type: 'voice',
    url: options.server.wsUrl,
    sessions: options.sessions,
    rampMs: options.sessions > 1 ? options.rampMs : 0,
    durationMs: options.durationMs,
    turnsPerSession: options.turnsPerSession,
    msPerWord: options.profile.stt.msPerWord,
    endpointingMs: options.profile.stt.endpointingMs,
    bargeInAfterMs: undefined,
  });
  if (reply.type !== 'voice') throw new Error('no voice results');
  return reply;
}

/** One concurrency level: N candidates taking turns; server figures over all its processes. */
export async function measureLevel(
  options: LevelOptions & { idleRssBytes: number },
): Promise<{ level: ConcurrencyLevel; errors: string[] }> {
  const { server, sessions } = options;
  // Beside the load, from when every session is up: what any process on the machine waits for a core.
  const bystander = await startBystander(options.rampMs + ALL_UP_SETTLE_MS);
  const stop = await watchServer(server);
  const run = await runVoiceLoad(options);
  const bystanderFigures = await bystander.stop();
  // Every session up: from the last one's start plus its greeting, to the load's end.
  const watched = await stop({
    fromMs: options.rampMs + ALL_UP_SETTLE_MS,
    toMs: options.durationMs - 500,
  });
  await waitForSessionsClosed(server);
  const errors = [...run.errors];
  if (run.endpointingMs !== undefined && run.endpointingMs !== options.profile.stt.endpointingMs)
    errors.push(
      `the STT was asked for endpointing ${run.endpointingMs} ms, the profile says ${options.profile.stt.endpointingMs}`,
    );
  const analyzed = run.turns.map((turn) => ({ turn, figures: analyzeTurn(turn, options.profile) }));
  const figures = analyzed.flatMap((a) => (a.figures ? [a.figures] : []));
  // BENCH_SLOW_TURNS_MS=N prints each turn whose overhead passed N ms, with its figures (to find why).
  if (process.env.BENCH_SLOW_TURNS_MS) {
    const slowMs = Number(process.env.BENCH_SLOW_TURNS_MS);
    for (const { turn, figures: f } of analyzed) {
      if (f && (f.overheadMs ?? 0) > slowMs) console.log('SLOW', JSON.stringify({ ...turn, figures: f }));
    }
  }
  const overheads = (list: typeof analyzed) =>
    list.flatMap(({ figures: f }) => (f?.overheadMs === undefined ? [] : [f.overheadMs]));
  const overhead = spread(overheads(analyzed));
  // As the CPU's "all up": turns whose speech ended once every session had begun and settled.
  const allUp = overheads(analyzed.filter(({ turn }) => turn.speechEndAt >= run.rampedAt + ALL_UP_SETTLE_MS));
  const allUpOverhead = allUp.length > 0 ? spread(allUp) : undefined;
  const summary = summarizeTurns(figures);
  const part = (s: { median: number; p99: number }) => ({ median: s.median, p99: s.p99 });
  const level: ConcurrencyLevel = {
    sessions,
    // The turns behind the overhead figures (the engine's own figures known).
    turns: overhead.n,
    overheadP50Ms: overhead.median,
    overheadP99Ms: overhead.p99,
    overheadMaxMs: overhead.max,
    allUpOverheadP99Ms: allUpOverhead?.p99,
    allUpTurns: allUpOverhead?.n,
    firstAudioP50Ms: spread(figures.map((f) => f.firstAudioMs)).median,
    loopDelayP50Ms: watched.loopDelayP50Ms,
    loopDelayP99Ms: watched.loopDelayP99Ms,
    loopDelayMaxMs: watched.loopDelayMaxMs,
    cpuPercent: watched.cpuPercent,
    cpuPercentPerSession: watched.cpuPercent / sessions,
    allUpCpuPercentPerSession:
      watched.allUpCpuPercent === undefined ? undefined : watched.allUpCpuPercent / sessions,
    cpuUsPerFrame: (watched.cpuMs * 1000) / Math.max(1, run.audioFramesToServer + run.audioFramesFromServer),
    audioFrames: { toServer: run.audioFramesToServer, fromServer: run.audioFramesFromServer },
    rssMb: watched.rssBytes / 1024 / 1024,
    rssMbPerSession: Math.max(0, watched.rssBytes - options.idleRssBytes) / sessions / 1024 / 1024,
    sessionErrors: run.errors.length,
    sampleErrors: run.errors.slice(0, 3),
    llmCircuitChanges: watched.circuitChanges,
    preemptiveReplies: watched.preemptiveReplies,
    loadProcessLoopDelayP99Ms: run.loadLoopDelayP99Ms,
    loadProcessCpuPercent: run.loadCpuPercent,
    bystanderLateMs: bystanderFigures,
    parts: {
      sttPathMs: part(summary.sttPathMs),
      llmExtraMs: part(summary.llmExtraMs),
      ttsExtraMs: part(summary.ttsExtraMs),
      restMs: part(summary.restMs),
    },
  };
  return { level, errors };
}

/** The idle server's resident memory (RSS rarely shrinks, so each level's figure is an upper bound). */
export const idleRssBytes = (server: ClusterUnderTest) => treeRssBytes(processTree(server.pid));
