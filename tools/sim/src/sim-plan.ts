import { type Plan, planFromBank } from '@bot-backend/interview';
import { defaultEndOfTurnPolicySettings, defaultTurnSettings, type TurnSettings } from '@bot-backend/voice';

/** Answer budgets of the simulated interview (interview seconds), short enough that a run takes a few minutes. */
export const simBudgetsSec = { intro: 30, technical: 45, coding: 120, behavioral: 45, wrap_up: 30 } as const;

/** A phase's budget in the engine's (wall) seconds: whole seconds, so rounded. */
export function scaledBudgetSec(phase: keyof typeof simBudgetsSec, timeScale: number): number {
  return Math.max(1, Math.round(simBudgetsSec[phase] / timeScale));
}

/**
 * The plan every persona faces: the bank's verbal backend interview for a
 * mid-level candidate, with compact budgets, divided by the time scale (the
 * engine runs on the wall clock of the compressed world).
 */
export function simPlan(options: {
  seed: number;
  timeScale: number;
  durationMinutes?: number | undefined;
}): Plan {
  const plan = planFromBank({
    role: 'backend',
    experienceLevel: 'mid',
    format: 'verbal',
    durationMinutes: options.durationMinutes ?? 10,
    seed: options.seed,
  });
  return {
    ...plan,
    phases: plan.phases.map((phase) => ({
      ...phase,
      questions: phase.questions.map((q) => ({
        ...q,
        timeSeconds: scaledBudgetSec(phase.phase, options.timeScale),
      })),
    })),
  };
}

/** The engine's default turn-taking, every duration divided by the time scale. */
export function scaledTurnSettings(
  timeScale: number,
  base: TurnSettings = defaultTurnSettings,
): TurnSettings {
  const scale = (ms: number) => Math.max(1, Math.round(ms / timeScale));
  const endOfTurn = base.endOfTurn ?? defaultEndOfTurnPolicySettings;
  const phases = Object.fromEntries(
    Object.entries(base.phases).map(([phase, s]) => [
      phase,
      {
        endOfTurnSilenceMs: s.endOfTurnSilenceMs === null ? null : scale(s.endOfTurnSilenceMs),
        thinkingGraceMs: Math.round(s.thinkingGraceMs / timeScale),
      },
    ]),
  ) as TurnSettings['phases'];
  return {
    phases,
    minInterruptMs: Math.round(base.minInterruptMs / timeScale),
    minInterruptWords: base.minInterruptWords,
    falseInterruptionMs: scale(base.falseInterruptionMs),
    cutInSilenceMs: scale(base.cutInSilenceMs ?? 350),
    endOfTurn: { ...endOfTurn, finishedWaitMs: Math.round(endOfTurn.finishedWaitMs / timeScale) },
  };
}
