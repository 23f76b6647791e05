import type { BystanderFigures } from './bystander.js';
import { type ConcurrencyServer, concurrencyLines } from './concurrency-report.js';
import type { ReferenceWorkMs } from './machine-speed.js';
import type { PersonaTurnTaking } from './response-gap-targets.js';
import type { SandboxOverhead } from './sandbox-overhead.js';
import type { SideBySideFigures, SideFigures } from './side-by-side.js';
import type { Spread } from './stats.js';
import type { TargetCheck } from './targets.js';
import type { TurnSummary } from './turn-analysis.js';
import type { VendorProfile } from './vendor-profile.js';

export interface ConcurrencyLevel {
  sessions: number;
  turns: number;
  overheadP50Ms: number;
  overheadP99Ms: number;
  overheadMaxMs: number;
  /** Overhead p99 of the turns that ended while every session was up (the sessions' starts behind); undefined with none. */
  allUpOverheadP99Ms?: number | undefined;
  allUpTurns?: number | undefined;
  firstAudioP50Ms: number;
  /** The workers' event loops (prom-client's monitor): p50 and p99 averaged over workers, the largest max. */
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Of one core, summed over the server's processes (cluster primary, workers, helpers). */
  cpuPercent: number;
  cpuPercentPerSession: number;
  /** The same while every session is up (sessions' starts left out); undefined when that stretch is too short. */
  allUpCpuPercentPerSession?: number | undefined;
  /**
   * Server CPU time per audio frame that crossed /ws/voice (in or out), in µs: the same work measured
   * whatever the level achieved, so it compares runs on a machine others load too.
   */
  cpuUsPerFrame: number;
  audioFrames: { toServer: number; fromServer: number };
  rssMb: number;
  rssMbPerSession: number;
  /** The load process (fakes and candidates): when it lags, so do the figures. */
  loadProcessLoopDelayP99Ms: number;
  /** CPU of the load process, of one core: it shares the machine with the server. */
  loadProcessCpuPercent: number;
  /**
   * How late a bystander process's 4 ms timer fired while every session was up (bystander.ts):
   * the machine's own scheduling delay at this load, which no server code causes or removes.
   */
  bystanderLateMs?: BystanderFigures | undefined;
  /** `error` messages and failed sockets during the level (the first few kept). */
  sessionErrors: number;
  sampleErrors: string[];
  /** State changes of the factory's LLM circuit breaker (open, half-open, closed) during the level. */
  llmCircuitChanges: number;
  /** The engine's preemptive replies during the level: used when the turn ended at the pause, discarded when the candidate went on. */
  preemptiveReplies: { generated: number; used: number; discarded: number };
  /** Where the overhead goes (see TurnFigures): median and p99 of each part. */
  parts: Record<'sttPathMs' | 'llmExtraMs' | 'ttsExtraMs' | 'restMs', { median: number; p99: number }>;
}

export interface EvaluationFigure {
  route: string;
  path: 'rubric' | 'llm';
  connections: number;
  fakeLatencyMs: number;
  rps: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  requests: number;
  errors: number;
  evaluators: Record<string, number>;
}

export interface BenchResults {
  quick: boolean;
  at: string;
  durationS: number;
  machine: {
    nproc: number;
    cpu: string;
    node: string;
    platform: string;
    loadAverage: [number, number];
    /** machine-speed.ts's fixed work, ms, at the start and the end (how fast the machine ran). */
    referenceWorkMs: ReferenceWorkMs;
  };
  /** CPU profiles of the server process: the functions with the most self time, per run profiled. */
  cpuProfiles: { run: string; top: { fn: string; ms: number; percent: number }[] }[];
  /** Every streamed turn of the 1-session run. */
  latencyTurns: unknown[];
  profile: VendorProfile;
  latency: TurnSummary;
  batch: {
    turns: number;
    firstAudioMs: Spread;
    sttMs: Spread;
    llmMs: Spread;
    ttsMs: Spread;
    encodeMs: Spread;
  };
  streamingOverBatch: number;
  /** The same ratio from the STT final on (both pipelines wait for the same end of speech). */
  streamingOverBatchAfterStt: number;
  bargeIn: { count: number; toSilenceMs: Spread; resumed: number };
  concurrency: ConcurrencyLevel[];
  concurrencyServer: ConcurrencyServer;
  evaluation: EvaluationFigure[];
  /** A trivial Python run confined and not (absent when confinement could not start). */
  sandboxOverhead?: SandboxOverhead;
  /** apps/api from spawn (no keys, no .env) to the first 200 from /healthz. */
  startupMs?: Spread;
  /** /v1/evaluate (rubric) against the FastAPI baseline, both with two worker processes. */
  sideBySide?: SideBySideFigures | undefined;
  /** Turn-taking per persona from a `pnpm sim` report (`--sim-report=PATH`), for the response-gap targets. */
  simPersonas?: PersonaTurnTaking[] | undefined;
  targets: TargetCheck[];
  errors: string[];
}

const f = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const spreadRow = (name: string, s: Spread) =>
  row([name, s.n, f(s.min), f(s.median), f(s.p90), f(s.p95), f(s.max)]);

/** The streamed turns' rows (header included), for the full report and `--only=latency`. */
export function latencyRows(latency: TurnSummary): string[] {
  return [
    row(['figure', 'n', 'min', 'median', 'p90', 'p95', 'max']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
    spreadRow(
      '**response gap** (end of speech → first audio at the client, turn-taking wait included)',
      latency.responseGapMs,
    ),
    ...Object.entries(latency.responseGapByPhaseMs ?? {}).map(([phase, s]) =>
      spreadRow(`response gap, ${phase} phase`, s),
    ),
    spreadRow('first audio after end of speech (streaming)', latency.firstAudioMs),
    spreadRow(
      'critical path (STT final + LLM first token + first sentence + TTS first byte)',
      latency.criticalPathMs,
    ),
    spreadRow(
      '**pipeline overhead** (response gap less the STT final and the longer of the wait and the reply path)',
      latency.overheadMs,
    ),
    spreadRow('turn-taking wait (engine policy; the reply is prepared during it)', latency.policyWaitMs),
    spreadRow('engine: end of turn → first audio to the sink', latency.engineFirstAudioMs),
    spreadRow('engine: LLM request → first token', latency.engineLlmFirstTokenMs),
    spreadRow('engine: first sentence → TTS first byte', latency.engineTtsFirstByteMs),
    spreadRow('overhead: STT path (audio to the STT, final back, turn timer)', latency.sttPathMs),
    spreadRow('overhead: LLM call beyond the profile first token', latency.llmExtraMs),
    spreadRow('overhead: TTS call beyond the profile first byte', latency.ttsExtraMs),
    spreadRow(
      'overhead: the rest (engine before the LLM call, a first sentence not sent early, sink → client)',
      latency.restMs,
    ),
  ];
}

/** How long machine-speed.ts's fixed work took at the start and the end of a run. */
export function referenceWork([start, end]: ReferenceWorkMs): string {
  const ms = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(1)} ms`);
  return `reference work (a fixed CPU task, tools/bench/src/machine-speed.ts) ${ms(start)} at the start, ${ms(end)} at the end`;
}

/** The markdown printed to stdout (and pasted into the README). */
export function markdownReport(r: BenchResults): string {
  const p = r.profile;
  const lines: string[] = [];
  lines.push(
    `Machine: ${r.machine.nproc} cores, ${r.machine.cpu}, Node ${r.machine.node} (${r.machine.platform}); load average ${f(r.machine.loadAverage[0])} at the start, ${f(r.machine.loadAverage[1])} at the end; ${referenceWork(r.machine.referenceWorkMs)}; ${r.quick ? 'quick' : 'full'} run of ${r.durationS} s at ${r.at}.`,
    `Profile \`${p.name}\`: STT endpointing ${p.stt.endpointingMs} ms + final ${p.stt.finalDelayMs} ms; LLM first token ${p.llm.firstTokenMs} ms, ${p.llm.tokensPerSecond} tokens/s; TTS first byte ${p.tts.firstByteMs} ms, real-time factor ${p.tts.realtimeFactor}.`,
    '',
    '**Turn latency, 1 session over /ws/voice** (ms; the response gap is what the candidate hears; the rest leaves out the turn-taking wait)',
    '',
    ...latencyRows(r.latency),
    spreadRow('first audio after end of speech (batch: full STT, LLM, TTS, then send)', r.batch.firstAudioMs),
    spreadRow('batch: STT (endpointing + whole-utterance transcription)', r.batch.sttMs),
    spreadRow('batch: whole LLM reply', r.batch.llmMs),
    spreadRow('batch: whole TTS reply', r.batch.ttsMs),
    spreadRow('barge-in: speech_started → `clear` at the client', r.bargeIn.toSilenceMs),
    '',
    `Barge-ins: ${r.bargeIn.count}, of which the engine resumed the reply (judged no interruption) ${r.bargeIn.resumed}.`,
    '',
    `Streaming ÷ batch (medians): **${f(r.streamingOverBatch * 100)}%** from the end of speech; ${f(r.streamingOverBatchAfterStt * 100)}% from the STT final on (the endpointing and the final are the same wait in both).`,
    '',
  );
  lines.push(...concurrencyLines(r.concurrency, r.concurrencyServer));
  lines.push(
    '',
    '**Evaluation throughput** (loopback, closed loop; rps and latency: min / median / max over runs)',
    '',
    row(['route', 'path', 'connections', 'requests/s', 'p50', 'p99', 'requests', 'errors', 'evaluator']),
    row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---']),
  );
  for (const e of r.evaluation) {
    const range = (s: Spread, digits = 1) =>
      `${f(s.min, digits)} / ${f(s.median, digits)} / ${f(s.max, digits)}`;
    lines.push(
      row([
        `\`${e.route}\``,
        e.path === 'llm' ? `LLM fake (${e.fakeLatencyMs} ms)` : 'rubric',
        e.connections,
        range(e.rps, 0),
        `${range(e.p50Ms)} ms`,
        `${range(e.p99Ms)} ms`,
        e.requests,
        e.errors,
        Object.entries(e.evaluators)
          .map(([name, count]) => `${name} ${count}`)
          .join(', '),
      ]),
    );
  }
  const sandbox = r.sandboxOverhead;
  if (sandbox) {
    const cost = (pick: (s: Spread) => number) => pick(sandbox.confinedMs) - pick(sandbox.unconfinedMs);
    lines.push(
      '',
      `**Code sandbox: per-run overhead of confinement** (a trivial Python run, ${sandbox.runs} each way, ms)`,
      '',
      row(['run', 'median', 'p99']),
      row(['---', '---:', '---:']),
      row([
        'unconfined (harness started directly)',
        f(sandbox.unconfinedMs.median),
        f(sandbox.unconfinedMs.p99),
      ]),
      row([
        'confined (bubblewrap, seccomp, own uid)',
        f(sandbox.confinedMs.median),
        f(sandbox.confinedMs.p99),
      ]),
      row(['overhead', f(cost((s) => s.median)), f(cost((s) => s.p99))]),
    );
  }
  if (r.sideBySide) lines.push('', ...sideBySideLines(r.sideBySide));
  lines.push('', '**Targets**', '', row(['target', 'measured', 'met']), row(['---', '---', '---']));
  for (const t of r.targets) lines.push(row([t.target, t.measured, t.met ? 'yes' : '**no**']));
  for (const profile of r.cpuProfiles) {
    lines.push(
      '',
      `**Where the server's CPU goes: ${profile.run}** (self time, top functions)`,
      '',
      row(['function', 'ms', 'share']),
      row(['---', '---:', '---:']),
      ...profile.top.map((t) => row([`\`${t.fn}\``, f(t.ms, 0), `${f(t.percent)}%`])),
    );
  }
  if (r.errors.length > 0) lines.push('', `Errors (${r.errors.length}): ${r.errors.slice(0, 5).join('; ')}`);
  return lines.join('\n');
}

/** The side-by-side table: each server's rounds, then the ratio of the medians. */
export function sideBySideLines(s: SideBySideFigures): string[] {
  const side = (name: string, figures: SideFigures) =>
    row([
      name,
      figures.rps.map((v) => f(v, 0)).join(' / '),
      `${figures.p99Ms.map((v) => f(v)).join(' / ')} ms`,
      figures.warmUpP99Ms === undefined ? '' : `${f(figures.warmUpP99Ms)} ms`,
      figures.errors,
    ]);
  const lines = [
    `**/v1/evaluate (rubric) side by side**: ${s.connections} connections, ${s.rounds} alternating rounds of ${s.roundMs / 1000} s after an unmeasured warm-up of ${s.warmUpMs / 1000} s from each server's start, two worker processes each, load from ${s.loadGenerator ?? 'a separate process'}`,
    '',
    row(['server', 'requests/s per round', 'p99 per round', 'p99 of the warm-up (not counted)', 'errors']),
    row(['---', '---:', '---:', '---:', '---:']),
    side('apps/api (node:cluster, WEB_CONCURRENCY=2)', s.ours),
  ];
  if (s.baseline) {
    lines.push(
      side('FastAPI + uvicorn --workers 2 (bench/baselines)', s.baseline),
      '',
      `Ratio (median requests/s, this run): **${f(s.ratio ?? Number.NaN, 2)}×**.`,
    );
  } else lines.push('', s.skipped ?? 'FastAPI baseline not run.');
  return lines;
}
