import { describe, expect, it } from 'vitest';
import { checkResponseGapTargets, personasFromSimReport } from './response-gap-targets.js';
import { spread } from './stats.js';

const gap = (gapMs: number, thinking = false) => ({ gapMs, thinking, phase: 'technical' });

// The shape `pnpm sim` writes (sim-report.ts PersonaReport), trimmed to what the targets read.
const simReport = (
  overrides: { expertGaps?: number[]; pauserCutOffs?: number; overCutIn?: boolean } = {},
) => ({
  runs: [
    {
      persona: 'expert',
      llm: 'fake',
      turnTaking: {
        cutOffs: [],
        talkedOver: [],
        responseGaps: (overrides.expertGaps ?? [600, 700, 750, 900]).map((g) => gap(g)),
      },
    },
    {
      persona: 'long-pauser',
      llm: 'fake',
      turnTaking: {
        cutOffs: Array.from({ length: overrides.pauserCutOffs ?? 0 }, () => ({ thinking: true })),
        talkedOver: [],
        responseGaps: [gap(700, true)],
      },
    },
    {
      persona: 'rambler',
      llm: 'fake',
      turnTaking: {
        cutOffs: [],
        talkedOver: [{ inCutIn: true }, ...(overrides.overCutIn ? [{ inCutIn: false }] : [])],
        responseGaps: [],
      },
    },
  ],
});

const met = (checks: ReturnType<typeof checkResponseGapTargets>, target: RegExp) =>
  checks.find((c) => target.test(c.target))?.met;

describe('response-gap targets', () => {
  it("meets them when the finished answers' gaps, the thinking pauses and the cut-ins are as the issue asks", () => {
    const checks = checkResponseGapTargets(spread([650, 700, 720]), personasFromSimReport(simReport()));
    expect(checks.map((c) => c.met)).toEqual(checks.map(() => true));
    expect(met(checks, /expert's finished answers/)).toBe(true);
    // A polite cut-in under which the rambler was still talking is not talking over.
    expect(met(checks, /talks over no one/)).toBe(true);
  });

  it('fails the gap on a slow median or a slow tail, and counts only answers without a thinking pause', () => {
    const slowTail = personasFromSimReport(
      simReport({ expertGaps: [600, 650, 700, 700, 700, 700, 700, 700, 1_300, 1_500] }),
    );
    expect(met(checkResponseGapTargets(undefined, slowTail), /expert's/)).toBe(false);
    const slowMedian = checkResponseGapTargets(spread([900, 950, 1_000]), []);
    expect(slowMedian).toHaveLength(1);
    expect(slowMedian[0]!.met).toBe(false);
    expect(
      personasFromSimReport(simReport()).find((p) => p.persona === 'long-pauser')!.finishedGapsMs,
    ).toEqual([]);
  });

  it('fails on a cut-off thinking pause and on talking over outside the cut-in', () => {
    const checks = checkResponseGapTargets(
      undefined,
      personasFromSimReport(simReport({ pauserCutOffs: 1, overCutIn: true })),
    );
    expect(met(checks, /long-pauser is never cut off/)).toBe(false);
    expect(met(checks, /no thinking pause/)).toBe(false);
    expect(checks.find((c) => /talks over no one/.test(c.target))).toMatchObject({
      met: false,
      measured: 'rambler 1',
    });
  });

  it('rejects a report without the fields it reads', () => {
    expect(() => personasFromSimReport({ runs: [{ persona: 'expert' }] })).toThrow();
  });
});
