import { z } from 'zod';
import { percentile, type Spread } from './stats.js';
import type { TargetCheck } from './targets.js';

/** The response gap a finished answer may leave: 800 ms is the usual voice-to-voice target. */
export const responseGapTarget = { medianMs: 800, p90Ms: 1_200 } as const;

/** Personas whose answers are finished thoughts (no thinking pause, no cut-in): the gap target is theirs. */
export const finishedAnswerPersonas = ['expert', 'average', 'backchanneler', 'prompt-injector'] as const;

// The fields of a `pnpm sim` report.json these targets read (the sim's PersonaReport), parsed leniently.
const simReportSchema = z.object({
  runs: z.array(
    z.object({
      persona: z.string(),
      llm: z.string().nullish(),
      turnTaking: z.object({
        cutOffs: z.array(z.object({ thinking: z.boolean().nullish() })),
        talkedOver: z.array(z.object({ inCutIn: z.boolean().nullish() })),
        responseGaps: z.array(z.object({ gapMs: z.number(), thinking: z.boolean() })).nullish(),
      }),
    }),
  ),
});

/** One persona's turn-taking over its runs, as the targets read it. */
export interface PersonaTurnTaking {
  persona: string;
  /** Gaps after answers without a thinking pause: end of speech → the interviewer's first audio (ms). */
  finishedGapsMs: number[];
  cutOffs: number;
  /** Cut-offs of answers that held a thinking pause. */
  thinkingCutOffs: number;
  /** The interviewer over the candidate, other than during a polite cut-in. */
  talkedOverOutsideCutIn: number;
}

/** Reads a `pnpm sim` report.json into per-persona figures (all runs of a persona together). */
export function personasFromSimReport(json: unknown): PersonaTurnTaking[] {
  const report = simReportSchema.parse(json);
  const byPersona = new Map<string, PersonaTurnTaking>();
  for (const run of report.runs) {
    const entry = byPersona.get(run.persona) ?? {
      persona: run.persona,
      finishedGapsMs: [],
      cutOffs: 0,
      thinkingCutOffs: 0,
      talkedOverOutsideCutIn: 0,
    };
    const t = run.turnTaking;
    entry.finishedGapsMs.push(...(t.responseGaps ?? []).filter((g) => !g.thinking).map((g) => g.gapMs));
    entry.cutOffs += t.cutOffs.length;
    entry.thinkingCutOffs += t.cutOffs.filter((c) => c.thinking === true).length;
    entry.talkedOverOutsideCutIn += t.talkedOver.filter((o) => o.inCutIn !== true).length;
    byPersona.set(run.persona, entry);
  }
  return [...byPersona.values()];
}

const ms = (value: number) => `${Number.isFinite(value) ? Math.round(value) : 'n/a'} ms`;

function gapCheck(target: string, median: number, p90: number, n: number): TargetCheck {
  return {
    target: `${target}: median ≤ ${responseGapTarget.medianMs} ms, p90 ≤ ${responseGapTarget.p90Ms} ms`,
    measured: `median ${ms(median)}, p90 ${ms(p90)} (${n} answers)`,
    met: n > 0 && median <= responseGapTarget.medianMs && p90 <= responseGapTarget.p90Ms,
  };
}

/**
 * The response-gap targets: the bench's own finished answer (with the published vendor profile),
 * and, from a sim report, the finished answers of each persona, the cut-offs of thinking pauses and
 * the talking over outside the polite cut-in.
 */
export function checkResponseGapTargets(
  bench: Spread | undefined,
  personas: readonly PersonaTurnTaking[],
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (bench && bench.n > 0) {
    checks.push(
      gapCheck(
        'response gap, finished answer (1 session, published profile)',
        bench.median,
        bench.p90,
        bench.n,
      ),
    );
  }
  if (personas.length === 0) return checks;
  for (const name of finishedAnswerPersonas) {
    const persona = personas.find((p) => p.persona === name);
    if (!persona) continue;
    const sorted = [...persona.finishedGapsMs].sort((a, b) => a - b);
    checks.push(
      gapCheck(
        `sim: response gap, ${name}'s finished answers`,
        percentile(sorted, 50),
        percentile(sorted, 90),
        sorted.length,
      ),
    );
  }
  const pauser = personas.find((p) => p.persona === 'long-pauser');
  if (pauser) {
    checks.push({
      target: 'sim: the long-pauser is never cut off',
      measured: `${pauser.cutOffs} cut-offs`,
      met: pauser.cutOffs === 0,
    });
  }
  const thinking = personas.reduce((n, p) => n + p.thinkingCutOffs, 0);
  checks.push({
    target: 'sim: no thinking pause of any persona is cut off',
    measured: `${thinking} cut-offs`,
    met: thinking === 0,
  });
  const over = personas.filter((p) => p.talkedOverOutsideCutIn > 0);
  checks.push({
    target: 'sim: the interviewer talks over no one outside the polite cut-in',
    measured:
      over.length === 0 ? '0' : over.map((p) => `${p.persona} ${p.talkedOverOutsideCutIn}`).join(', '),
    met: over.length === 0,
  });
  return checks;
}
