import type { PersonaRun } from './persona-run.js';
import { scaledBudgetSec } from './sim-plan.js';

export interface TurnTakingLimits {
  /** A reply that starts later than this after the candidate stopped is dead air (interview ms). */
  deadAirMs: number;
  /** The interviewer going on over the candidate's speech for longer than this is talking over them. */
  overlapMs: number;
}

export const defaultTurnTakingLimits: TurnTakingLimits = { deadAirMs: 4_000, overlapMs: 1_000 };

export interface TurnTaking {
  /**
   * The candidate, within the budget, still had something to say when the interviewer came in
   * (`interrupted`), or the engine took one answer as two turns (`split`).
   */
  cutOffs: Array<{
    atMs: number;
    questionId: string | undefined;
    answeredMs: number;
    kind: 'interrupted' | 'split';
  }>;
  /** The interviewer came in once the answer was over its budget; polite when it came in during a pause. */
  cutIns: Array<{
    atMs: number;
    questionId: string | undefined;
    answeredMs: number;
    budgetMs: number;
    polite: boolean;
  }>;
  /** The interviewer started, or kept talking, while the candidate spoke. */
  talkedOver: Array<{ atMs: number; overlapMs: number; kind: 'started_over' | 'kept_talking' }>;
  deadAir: Array<{ atMs: number; gapMs: number }>;
  /** From the end of each finished answer to the interviewer's next audio. */
  responseGapsMs: number[];
}

const voicedAt = (run: PersonaRun, atMs: number, slackMs: number) =>
  run.candidateVoiced.some((v) => v.startMs - slackMs <= atMs && atMs <= v.endMs + slackMs);

const normalized = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Did one answer the engine scored hold this whole answer (its first and its last words)? */
function heardWhole(run: PersonaRun, said: string): boolean {
  const words = normalized(said).split(' ');
  const head = words.slice(0, 4).join(' ');
  const tail = words.slice(-4).join(' ');
  return (run.summary?.questions ?? []).some((q) => {
    const heard = normalized(q.answer);
    return heard.includes(head) && heard.includes(tail);
  });
}

/** Speech runs: voiced stretches with gaps shorter than `gapMs` joined. */
function speechRuns(run: PersonaRun, gapMs: number): Array<{ startMs: number; endMs: number }> {
  const runs: Array<{ startMs: number; endMs: number }> = [];
  for (const v of run.candidateVoiced) {
    const last = runs.at(-1);
    if (last && v.startMs - last.endMs < gapMs) last.endMs = v.endMs;
    else runs.push({ ...v });
  }
  return runs;
}

/** Who spoke when, judged from the audio on both sides. */
export function analyzeTurnTaking(
  run: PersonaRun,
  limits: TurnTakingLimits = defaultTurnTakingLimits,
): TurnTaking {
  const result: TurnTaking = { cutOffs: [], cutIns: [], talkedOver: [], deadAir: [], responseGapsMs: [] };
  const slack = 80 * run.timeScale;
  const onsets = run.interviewerAudio.map((a) => a.startMs);

  for (const answer of run.answers) {
    const phase = answer.question?.phase ?? 'technical';
    // The budget the engine applied: whole wall seconds, back in interview ms.
    const budgetMs = scaledBudgetSec(phase, run.timeScale) * 1000 * run.timeScale;
    const answeredMs = answer.endMs - answer.startMs;
    const questionId = answer.question?.questionId;
    if (answer.stoppedWithPartsLeft > 0) {
      const atMs = onsets.find((t) => t >= answer.endMs - slack) ?? answer.endMs;
      if (answeredMs > budgetMs) {
        result.cutIns.push({ atMs, questionId, answeredMs, budgetMs, polite: !voicedAt(run, atMs, slack) });
      } else {
        result.cutOffs.push({ atMs, questionId, answeredMs, kind: 'interrupted' });
      }
      continue;
    }
    if (run.summary && !heardWhole(run, answer.text)) {
      result.cutOffs.push({ atMs: answer.endMs, questionId, answeredMs, kind: 'split' });
    }
    const lastVoiced = run.candidateVoiced.filter((v) => v.startMs <= answer.endMs).at(-1);
    if (!lastVoiced) continue;
    const next = onsets.find((t) => t >= lastVoiced.endMs - slack);
    if (next === undefined) continue;
    const gapMs = Math.max(0, next - lastVoiced.endMs);
    result.responseGapsMs.push(gapMs);
    if (gapMs > limits.deadAirMs) result.deadAir.push({ atMs: lastVoiced.endMs, gapMs });
  }

  // A backchannel ("mhm") under the interviewer's line is not a turn of its own.
  const backchannel = (atMs: number) => run.backchannels.some((b) => atMs >= b - slack && atMs <= b + 1_500);
  for (const atMs of onsets) {
    if (voicedAt(run, atMs, 0) && !backchannel(atMs)) {
      result.talkedOver.push({ atMs, overlapMs: 0, kind: 'started_over' });
    }
  }
  for (const speech of speechRuns(run, 300 * run.timeScale)) {
    if (backchannel(speech.startMs)) continue;
    let overlap = 0;
    for (const a of run.interviewerAudio) {
      overlap += Math.max(0, Math.min(a.endMs, speech.endMs) - Math.max(a.startMs, speech.startMs));
    }
    if (overlap > limits.overlapMs) {
      result.talkedOver.push({ atMs: speech.startMs, overlapMs: Math.round(overlap), kind: 'kept_talking' });
    }
  }
  return result;
}
