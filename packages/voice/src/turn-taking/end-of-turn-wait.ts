import { withFields } from '@bot-backend/interfaces';
import { z } from 'zod';
import type { PhaseTurnSettings } from '../turn-settings.js';
import type { Completeness } from './completeness-score.js';

export const endOfTurnPolicySettingsSchema = z.object({
  /** Silence that ends a finished thought: people answer each other within about 200–500 ms. */
  finishedWaitMs: z.number().int().nonnegative(),
  /** At or above this completeness the thought counts as finished and gets `finishedWaitMs`. */
  finishedScore: z.number().min(0).max(1),
  /** At or below this completeness the thought is unfinished: the phase's whole silence budget. */
  unfinishedScore: z.number().min(0).max(1),
  /**
   * The vendor's end-of-turn (AssemblyAI `end_of_turn`, Deepgram `speech_final`) at or above this
   * confidence ends a turn at once unless the words say it is unfinished or a thinking pause.
   */
  vendorConfidentAt: z.number().min(0).max(1),
  /**
   * An unfinished thought ("…and then", "…because the") also gets the phase's thinking grace, as a
   * thinking phrase does: a pause there is a thinking pause in all but name. Off: the silence budget
   * alone is its ceiling.
   */
  graceForUnfinished: z.boolean(),
});
export type EndOfTurnPolicySettings = z.infer<typeof endOfTurnPolicySettingsSchema>;

export const defaultEndOfTurnPolicySettings: EndOfTurnPolicySettings = {
  finishedWaitMs: 300,
  finishedScore: 0.75,
  unfinishedScore: 0.25,
  vendorConfidentAt: 0.7,
  graceForUnfinished: true,
};

/**
 * The silence (ms after the last words) that ends a turn of this completeness
 * in this phase: `finishedWaitMs` for a finished thought, the phase's budget
 * (`endOfTurnSilenceMs`, the ceiling) for an unfinished one, linear in the
 * score between; the budget plus `thinkingGraceMs` for a thinking pause (and,
 * with `graceForUnfinished`, for an unfinished thought).
 * `null` when no silence ends the turn (silent coding: only a commit does).
 */
export function silenceToEndTurnMs(
  completeness: Pick<Completeness, 'score' | 'thinking'>,
  budget: PhaseTurnSettings,
  settings: EndOfTurnPolicySettings = defaultEndOfTurnPolicySettings,
): number | null {
  const ceiling = budget.endOfTurnSilenceMs;
  if (ceiling === null) return null;
  if (completeness.thinking) return ceiling + budget.thinkingGraceMs;
  const floor = Math.min(settings.finishedWaitMs, ceiling);
  const { finishedScore: high, unfinishedScore: low } = settings;
  if (completeness.score >= high) return floor;
  if (completeness.score <= low || high <= low)
    return ceiling + (settings.graceForUnfinished ? budget.thinkingGraceMs : 0);
  const unfinished = (high - completeness.score) / (high - low);
  return Math.round(floor + (ceiling - floor) * unfinished);
}

export interface EndOfTurnInput {
  completeness: Completeness;
  /** Silence since the last words were heard, ms. */
  silenceMs: number;
  /** The phase's silence budget. */
  budget: PhaseTurnSettings;
  /** The vendor's end-of-turn signal since the last words, if one came. */
  vendorEndOfTurn?: { confidence?: number | undefined } | undefined;
  /**
   * The STT sends end-of-turn signals (its capabilities' `endOfTurn`). Then a final transcript alone
   * does not show that the candidate stopped (Deepgram sends `is_final` mid-speech): the short wait
   * counts only once the vendor's end-of-turn says the audio went quiet; until then the phase's budget
   * is the wait. False: the silence counts from the last transcript.
   */
  vendorSignalsEnd?: boolean | undefined;
}

export type EndOfTurnDecision =
  /** The turn is over. `by`: the silence ran out, or the vendor's confident end-of-turn. */
  | { type: 'end'; by: 'silence' | 'vendor'; completeness: Completeness; waitMs: number }
  /** Still listening: the turn ends after `waitMs` of silence, `remainingMs` from now, unless speech comes. */
  | { type: 'wait'; completeness: Completeness; waitMs: number; remainingMs: number }
  /** No silence ends this turn: nothing said yet, speech in progress, or a phase where only a commit ends it. */
  | { type: 'hold'; completeness: Completeness };

/** Pure: whether the turn is over given what was said, the silence so far and the vendor's signal. */
export function decideEndOfTurn(
  input: EndOfTurnInput,
  settings: EndOfTurnPolicySettings = defaultEndOfTurnPolicySettings,
): EndOfTurnDecision {
  const { completeness, vendorEndOfTurn } = input;
  if (completeness.reason === 'empty') return { type: 'hold', completeness };
  const unfinished = completeness.thinking || completeness.score <= settings.unfinishedScore;
  // The vendor heard the audio (intonation, its own model); the words may still veto it.
  const confidence = unfinished ? undefined : vendorEndOfTurn?.confidence;
  // Without the vendor's word that the audio went quiet, a finished-looking text may be mid-speech.
  const heardQuiet = vendorEndOfTurn !== undefined || input.vendorSignalsEnd === false;
  const score = heardQuiet
    ? Math.max(completeness.score, confidence ?? 0)
    : Math.min(completeness.score, settings.unfinishedScore);
  const waitMs = silenceToEndTurnMs(
    { score, thinking: completeness.thinking },
    input.budget,
    withFields(settings, {
      // Waiting for the vendor is not an unfinished thought: the budget alone, no thinking grace.
      graceForUnfinished: settings.graceForUnfinished && (heardQuiet || unfinished),
    }),
  );
  if (waitMs === null) return { type: 'hold', completeness };
  if (confidence !== undefined && confidence >= settings.vendorConfidentAt)
    return { type: 'end', by: 'vendor', completeness, waitMs };
  const remainingMs = Math.max(0, waitMs - input.silenceMs);
  if (remainingMs === 0) return { type: 'end', by: 'silence', completeness, waitMs };
  return { type: 'wait', completeness, waitMs, remainingMs };
}
