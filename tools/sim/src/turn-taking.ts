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
    /** The answer held a thinking pause. */
    thinking: boolean;
  }>;
  /** The interviewer came in once the answer was over its budget; polite when it came in during a pause. */
  cutIns: Array<{
    atMs: number;
    questionId: string | undefined;
    answeredMs: number;
    budgetMs: number;
    polite: boolean;
  }>;
  /**
   * The interviewer started, or kept talking, while the candidate spoke. `inCutIn`: during the line of
   * a polite cut-in (the one time the interviewer may take the floor from an answer).
   */
  talkedOver: Array<{
    atMs: number;
    overlapMs: number;
    kind: 'started_over' | 'kept_talking';
    inCutIn: boolean;
  }>;
  deadAir: Array<{ atMs: number; gapMs: number }>;
  /** From the end of each finished answer to the interviewer's next audio. */
  responseGapsMs: number[];
  /**
   * The same gaps with the phase they were in; `thinking`: the answer paused to think on the way;
   * `turnTakingMs`: end of speech → the answer's final transcript (the STT's delay, the end-of-turn
   * wait, and the reply's drafting: a turn stands once its reply is ready to sound); `replyMs`: from
   * there to the first audio.
   */
  responseGaps: Array<{
    phase: string;
    questionId: string | undefined;
    gapMs: number;
    thinking: boolean;
    turnTakingMs: number | undefined;
    replyMs: number | undefined;
  }>;
}

/** The answer says it stopped to think ("hmm, let me think"): its pauses must never end the turn. */
export const thinksAloud = (text: string) =>
  /\b(let me (think|see)|hmm+|give me a (second|moment))\b/i.test(text);

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
  const result: TurnTaking = {
    cutOffs: [],
    cutIns: [],
    talkedOver: [],
    deadAir: [],
    responseGapsMs: [],
    responseGaps: [],
  };
  const slack = 80 * run.timeScale;
  const onsets = run.interviewerAudio.map((a) => a.startMs);

  for (const answer of run.answers) {
    const phase = answer.question?.phase ?? 'technical';
    // The budget the engine applied: whole wall seconds, back in interview ms.
    const budgetMs = scaledBudgetSec(phase, run.timeScale) * 1000 * run.timeScale;
    const answeredMs = answer.endMs - answer.startMs;
    const questionId = answer.question?.questionId;
    const thinking = thinksAloud(answer.text);
    if (answer.stoppedWithPartsLeft > 0) {
      const atMs = onsets.find((t) => t >= answer.endMs - slack) ?? answer.endMs;
      if (answeredMs > budgetMs) {
        result.cutIns.push({ atMs, questionId, answeredMs, budgetMs, polite: !voicedAt(run, atMs, slack) });
      } else {
        result.cutOffs.push({ atMs, questionId, answeredMs, kind: 'interrupted', thinking });
      }
      continue;
    }
    if (run.summary && !heardWhole(run, answer.text)) {
      result.cutOffs.push({ atMs: answer.endMs, questionId, answeredMs, kind: 'split', thinking });
    }
    const lastVoiced = run.candidateVoiced.filter((v) => v.startMs <= answer.endMs).at(-1);
    if (!lastVoiced) continue;
    const next = onsets.find((t) => t >= lastVoiced.endMs - slack);
    if (next === undefined) continue;
    const gapMs = Math.max(0, next - lastVoiced.endMs);
    result.responseGapsMs.push(gapMs);
    const turnEnd = run.candidateTurnEnds.find((t) => t >= lastVoiced.endMs - slack && t <= next + slack);
    result.responseGaps.push({
      phase,
      questionId,
      gapMs,
      thinking,
      turnTakingMs: turnEnd === undefined ? undefined : Math.max(0, turnEnd - lastVoiced.endMs),
      replyMs: turnEnd === undefined ? undefined : Math.max(0, next - turnEnd),
    });
    if (gapMs > limits.deadAirMs) result.deadAir.push({ atMs: lastVoiced.endMs, gapMs });
  }

  // The interviewer's lines that were polite cut-ins: the candidate may still be finishing a word under them.
  const cutInLines = result.cutIns
    .filter((c) => c.polite)
    .map((c) => run.interviewerAudio.find((a) => a.startMs >= c.atMs - slack))
    .filter((a) => a !== undefined);
  const inCutIn = (startMs: number, endMs: number) =>
    cutInLines.some((a) => startMs <= a.endMs + slack && endMs >= a.startMs - slack);
  // A backchannel ("mhm") under the interviewer's line is not a turn of its own.
  const backchannel = (atMs: number) => run.backchannels.some((b) => atMs >= b - slack && atMs <= b + 1_500);
  for (const atMs of onsets) {
    if (voicedAt(run, atMs, 0) && !backchannel(atMs)) {
      result.talkedOver.push({ atMs, overlapMs: 0, kind: 'started_over', inCutIn: inCutIn(atMs, atMs) });
    }
  }
  for (const speech of speechRuns(run, 300 * run.timeScale)) {
    if (backchannel(speech.startMs)) continue;
    let overlap = 0;
    for (const a of run.interviewerAudio) {
      overlap += Math.max(0, Math.min(a.endMs, speech.endMs) - Math.max(a.startMs, speech.startMs));
    }
    if (overlap > limits.overlapMs) {
      result.talkedOver.push({
        atMs: speech.startMs,
        overlapMs: Math.round(overlap),
        kind: 'kept_talking',
        inCutIn: inCutIn(speech.startMs, speech.endMs),
      });
    }
  }
  return result;
}
