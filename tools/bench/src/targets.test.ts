import { describe, expect, it } from 'vitest';
import type { BenchResults, ConcurrencyLevel } from './report.js';
import { checkTargets } from './targets.js';

const spread = { n: 12, min: 1, median: 2, p90: 3, p95: 3, p99: 3, max: 3 };

function results(
  levels: Array<
    Pick<ConcurrencyLevel, 'sessions' | 'overheadP99Ms' | 'cpuPercentPerSession' | 'rssMbPerSession'>
  >,
) {
  return {
    latency: { overheadMs: spread, responseGapMs: undefined },
    concurrency: levels as ConcurrencyLevel[],
    streamingOverBatch: 0.4,
    evaluation: [],
    bargeIn: { toSilenceMs: spread },
  } as unknown as BenchResults;
}

const row = (checks: ReturnType<typeof checkTargets>, start: string) =>
  checks.find((check) => check.target.startsWith(start));

describe('checkTargets: the concurrency targets of the sessions-per-core issue', () => {
  it('CPU per session at 100 sessions: met at 0.47% of a core or less', () => {
    const level = { sessions: 100, overheadP99Ms: 10, rssMbPerSession: 1 };
    expect(
      row(checkTargets(results([{ ...level, cpuPercentPerSession: 0.47 }])), 'server CPU per session')?.met,
    ).toBe(true);
    const over = row(
      checkTargets(results([{ ...level, cpuPercentPerSession: 0.63 }])),
      'server CPU per session',
    );
    expect(over).toMatchObject({ met: false, measured: '0.63%' });
  });

  it('the largest level within 20 ms must be 200 sessions or more, at 2 MB per session or less', () => {
    const levels = [
      { sessions: 100, overheadP99Ms: 12, cpuPercentPerSession: 0.5, rssMbPerSession: 0.9 },
      { sessions: 200, overheadP99Ms: 19, cpuPercentPerSession: 0.5, rssMbPerSession: 0.9 },
      { sessions: 400, overheadP99Ms: 90, cpuPercentPerSession: 0.5, rssMbPerSession: 0.9 },
    ];
    expect(row(checkTargets(results(levels)), 'largest N')).toMatchObject({
      met: true,
      measured: '200 sessions, 0.90 MB per session',
    });
    const slower = levels.map((l) => (l.sessions === 200 ? { ...l, overheadP99Ms: 21 } : l));
    expect(row(checkTargets(results(slower)), 'largest N')).toMatchObject({
      met: false,
      measured: '100 sessions, 0.90 MB per session',
    });
    const heavier = levels.map((l) => ({ ...l, rssMbPerSession: 2.5 }));
    expect(row(checkTargets(results(heavier)), 'largest N')?.met).toBe(false);
    expect(row(checkTargets(results([])), 'largest N')).toBeUndefined();
  });
});
