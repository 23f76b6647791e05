import { z } from 'zod';
import type { InterviewPhase } from './interview-phase.js';
import {
  defaultEndOfTurnPolicySettings,
  endOfTurnPolicySettingsSchema,
} from './turn-taking/end-of-turn-wait.js';

export const phaseTurnSettingsSchema = z.object({
  /** Silence after the last words that ends the candidate's turn; null: only an explicit commit ends it (silent coding). */
  endOfTurnSilenceMs: z.number().int().positive().nullable(),
  /** Extra silence allowed after "let me think", "hmm", "give me a second". */
  thinkingGraceMs: z.number().int().nonnegative(),
});
export type PhaseTurnSettings = z.infer<typeof phaseTurnSettingsSchema>;

export const turnSettingsSchema = z.object({
  phases: z.record(
    z.enum(['intro', 'technical', 'coding', 'behavioral', 'wrap_up']),
    phaseTurnSettingsSchema,
  ),
  /** Candidate speech shorter than this while the agent talks is noise, not an interruption. */
  minInterruptMs: z.number().int().nonnegative(),
  /** Fewer words than this while the agent talks is a backchannel unless it is a stop word ("wait"). */
  minInterruptWords: z.number().int().positive(),
  /** How long the agent waits after a pause before deciding a candidate's sound was not an interruption. */
  falseInterruptionMs: z.number().int().positive(),
  /** Quiet on the microphone (ms) that a cut-in on an over-long answer waits for: a breath, not a gap between words (350 when absent). */
  cutInSilenceMs: z.number().int().positive().optional(),
  /** How the words said shorten the wait (EndOfTurnPolicy); the defaults when absent. */
  endOfTurn: endOfTurnPolicySettingsSchema.optional(),
  /**
   * Silence the STT waits before it finalizes what it heard and marks a pause (Deepgram
   * `endpointing`, AssemblyAI `min_turn_silence`); the vendor's own default when absent.
   */
  sttEndpointingMs: z.number().int().min(10).optional(),
});
export type TurnSettings = z.infer<typeof turnSettingsSchema>;

// Conceptual and behavioral answers get room to breathe: cutting people off
// mid-thought is the first complaint about voice interviewers.
export const defaultTurnSettings: TurnSettings = {
  phases: {
    intro: { endOfTurnSilenceMs: 900, thinkingGraceMs: 4_000 },
    technical: { endOfTurnSilenceMs: 1_600, thinkingGraceMs: 6_000 },
    coding: { endOfTurnSilenceMs: null, thinkingGraceMs: 0 },
    behavioral: { endOfTurnSilenceMs: 2_000, thinkingGraceMs: 6_000 },
    wrap_up: { endOfTurnSilenceMs: 1_000, thinkingGraceMs: 4_000 },
  } satisfies Record<InterviewPhase, PhaseTurnSettings>,
  minInterruptMs: 350,
  minInterruptWords: 2,
  falseInterruptionMs: 900,
  endOfTurn: defaultEndOfTurnPolicySettings,
  // The end-of-turn policy, not the STT's silence, decides a turn: the STT's window only has to
  // give a timely final at a pause. 200 ms is the VAD stop Pipecat's STT benchmark finalizes at
  // (the published 247 ms median); a longer one adds its difference to every reply.
  sttEndpointingMs: 200,
};
