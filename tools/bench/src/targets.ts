import type { BenchResults } from './report.js';
import { checkResponseGapTargets } from './response-gap-targets.js';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

const ms = (value: number) => `${Number.isFinite(value) ? value.toFixed(1) : 'n/a'} ms`;

/** The targets against the figures. */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const overhead = results.latency.overheadMs;
  checks.push({
    target: 'pipeline overhead at 1 session: median ≤ 5 ms, p99 ≤ 15 ms',
    measured: `median ${ms(overhead.median)}, p99 ${ms(overhead.p99)} (${overhead.n} turns)`,
    met: overhead.median <= 5 && overhead.p99 <= 15,
  });
  const at200 = results.concurrency.find((level) => level.sessions === 200);
  if (at200) {
    checks.push({
      target: 'pipeline overhead p99 ≤ 20 ms at 200 sessions',
      measured: `p99 ${ms(at200.overheadP99Ms)}`,
      met: at200.overheadP99Ms <= 20,
    });
  }
  const at100 = results.concurrency.find((level) => level.sessions === 100);
  if (at100) {
    // The baseline: 0.94% of a core per session at 100 sessions; the target is half of it.
    checks.push({
      target: 'server CPU per session at 100 sessions ≤ 0.47% of a core (half of 0.94%)',
      measured: `${at100.cpuPercentPerSession.toFixed(2)}%`,
      met: at100.cpuPercentPerSession <= 0.47,
    });
  }
  const withinTarget = results.concurrency.filter((level) => level.overheadP99Ms <= 20);
  const largest = withinTarget.at(-1);
  if (results.concurrency.length > 0) {
    checks.push({
      target: 'largest N with overhead p99 ≤ 20 ms at least 200, at ≤ 2 MB resident per session',
      measured: largest
        ? `${largest.sessions} sessions, ${largest.rssMbPerSession.toFixed(2)} MB per session`
        : 'none of those tried',
      met: largest !== undefined && largest.sessions >= 200 && largest.rssMbPerSession <= 2,
    });
  }
  checks.push({
    target: 'streaming first audio ≤ 45% of batch',
    measured: `${(results.streamingOverBatch * 100).toFixed(1)}%`,
    met: results.streamingOverBatch <= 0.45,
  });
  const at400 = results.concurrency.find((level) => level.sessions === 400);
  if (at400) {
    checks.push({
      target: '400 sessions on 2 cores: overhead p99 ≤ 20 ms, ≤ 2 MB resident per session',
      measured: `p99 ${ms(at400.overheadP99Ms)}, ${at400.rssMbPerSession.toFixed(2)} MB per session`,
      met: at400.overheadP99Ms <= 20 && at400.rssMbPerSession <= 2,
    });
  }
  const rubric = results.evaluation.find((e) => e.route === '/v1/evaluate' && e.path === 'rubric');
  if (rubric) {
    checks.push({
      target: '/v1/evaluate (rubric) ≥ 5,000 requests/s, p99 ≤ 20 ms',
      measured: `${Math.round(rubric.rps.median)} requests/s, p99 ${ms(rubric.p99Ms.median)}`,
      met: rubric.rps.median >= 5_000 && rubric.p99Ms.median <= 20,
    });
  }
  const startup = results.startupMs;
  if (startup) {
    checks.push({
      target: 'start with no keys to /healthz 200 ≤ 5 s (every run)',
      measured: `median ${ms(startup.median)}, max ${ms(startup.max)} (${startup.n} runs)`,
      met: startup.max <= 5_000,
    });
  }
  const side = results.sideBySide;
  if (side?.ratio !== undefined) {
    const p99 = Math.max(...side.ours.p99Ms);
    checks.push({
      target: `/v1/evaluate (rubric) ≥ 4× the FastAPI baseline (2 workers each), p99 ≤ 20 ms at ${side.connections} connections`,
      measured: `${side.ratio.toFixed(2)}×, p99 ${ms(p99)} (worst round)`,
      met: side.ratio >= 4 && p99 <= 20,
    });
  }
  const llm = results.evaluation.find(
    (e) => e.route === '/v1/evaluate' && e.path === 'llm' && e.connections === 1,
  );
  if (llm) {
    const added = llm.p50Ms.median - llm.fakeLatencyMs;
    checks.push({
      target: 'LLM path adds ≤ 2 ms over the fake at p50',
      measured: `+${ms(added)} (p50 ${ms(llm.p50Ms.median)}, fake ${llm.fakeLatencyMs} ms)`,
      met: added <= 2,
    });
  }
  checks.push(...checkResponseGapTargets(results.latency.responseGapMs, results.simPersonas ?? []));
  checks.push({
    target: 'barge-in to silence ≤ 50 ms',
    measured: `median ${ms(results.bargeIn.toSilenceMs.median)}, max ${ms(results.bargeIn.toSilenceMs.max)}`,
    met: results.bargeIn.toSilenceMs.max <= 50,
  });
  return checks;
}
