import type { InterviewFormat, PhaseName } from './plan-schema.js';

/** The phases of each format, in interview order. */
export const formatPhases: Record<InterviewFormat, readonly PhaseName[]> = {
  verbal: ['intro', 'technical', 'behavioral', 'wrap_up'],
  technical: ['intro', 'technical', 'coding', 'wrap_up'],
  behavioral: ['intro', 'behavioral', 'wrap_up'],
  blended: ['intro', 'technical', 'coding', 'behavioral', 'wrap_up'],
};

// Share of the core time (between intro and wrap-up) per phase.
const coreWeights: Record<InterviewFormat, Partial<Record<PhaseName, number>>> = {
  verbal: { technical: 0.6, behavioral: 0.4 },
  technical: { technical: 0.45, coding: 0.55 },
  behavioral: { behavioral: 1 },
  blended: { technical: 0.35, coding: 0.4, behavioral: 0.25 },
};

// When time is short the coding problem goes first (it needs the most), then behavioral; technical stays longest.
const dropOrder: readonly PhaseName[] = ['coding', 'behavioral', 'technical'];

export interface BudgetInput {
  format: InterviewFormat;
  durationSeconds: number;
  /** False for roles without a coding phase. */
  coding: boolean;
  /** The least time a core phase needs to hold one question; a phase that cannot get it is dropped. */
  minimumSeconds: Partial<Record<PhaseName, number>>;
}

/**
 * Splits the duration over the format's phases. Intro and wrap-up get a small
 * fixed share; a core phase whose share cannot hold one question is dropped
 * (coding first, then behavioral) and its time goes to the others.
 */
export function phaseBudgets(input: BudgetInput): { phase: PhaseName; seconds: number }[] {
  const d = input.durationSeconds;
  const intro = Math.round(Math.min(300, Math.max(60, d * 0.08)));
  const wrapUp = Math.round(Math.min(600, Math.max(60, d * 0.1)));
  const coreSeconds = d - intro - wrapUp;
  let core = formatPhases[input.format].filter(
    (p) => p !== 'intro' && p !== 'wrap_up' && (p !== 'coding' || input.coding),
  );
  const weights = coreWeights[input.format];
  const share = (phases: readonly PhaseName[], p: PhaseName) => {
    const total = phases.reduce((sum, q) => sum + (weights[q] ?? 0), 0);
    return Math.floor((coreSeconds * (weights[p] ?? 0)) / total);
  };
  while (core.length > 1) {
    const short = core.filter((p) => share(core, p) < (input.minimumSeconds[p] ?? 0));
    if (short.length === 0) break;
    const drop = dropOrder.find((p) => short.includes(p));
    core = core.filter((p) => p !== drop);
  }
  const budgets = core.map((phase) => ({ phase, seconds: share(core, phase) }));
  return [{ phase: 'intro', seconds: intro }, ...budgets, { phase: 'wrap_up', seconds: wrapUp }];
}
