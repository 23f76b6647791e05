import { z } from 'zod';

/**
 * A behaviourally anchored rating scale: what an answer to this question
 * contains at 2, 5, 8 and 10. The rubric reports the anchor its score
 * reaches, the LLM grader reads the scale in its prompt, and the report
 * shows it beside the score.
 */
export const ratingScaleSchema = z.strictObject({
  '2': z.string().trim().min(10).max(400),
  '5': z.string().trim().min(10).max(400),
  '8': z.string().trim().min(10).max(400),
  '10': z.string().trim().min(10).max(400),
});
export type RatingScale = z.infer<typeof ratingScaleSchema>;
export type AnchorLevel = 2 | 5 | 8 | 10;
export const anchorLevels: readonly AnchorLevel[] = [2, 5, 8, 10];

/** Phases whose answers are not graded: the warm-up and the closing question. */
export const ungradedPhases: ReadonlySet<string> = new Set(['intro', 'wrap_up']);

export interface ScaleSource {
  text: string;
  phase?: string | undefined;
  kind?: 'verbal' | 'code' | undefined;
  expectedKeywords?: readonly string[] | undefined;
  followUps?: readonly string[] | undefined;
}

const starWords = new Set(['situation', 'task', 'action', 'result']);

function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'the expected points';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function anyOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'the expected points';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function cap(text: string): string {
  return text.length <= 400 ? text : `${text.slice(0, 397).replace(/\s+\S*$/u, '')}…`;
}

/**
 * The scale written from a question's own expected points and follow-ups,
 * phase by phase. The bank stores the result (scripts/write-rating-scales.ts);
 * questions from elsewhere (an LLM plan, an API caller) get it on the fly.
 */
export function deriveRatingScale(source: ScaleSource): RatingScale {
  // Situation, task, action and result are the form every story scale asks for; the points are the rest.
  const named = (source.expectedKeywords ?? []).filter((k) => k.trim().length > 0);
  const content =
    source.phase === 'behavioral' ? named.filter((k) => !starWords.has(k.toLowerCase())) : named;
  const points = content.length > 0 ? content : named;
  const some = points.slice(0, 2);
  const most = points.slice(0, Math.max(2, Math.ceil(points.length * 0.6)));
  const probe = (source.followUps ?? [])[0];
  const ready = probe ? ` Ready for the follow-up: ${probe}` : '';
  let scale: RatingScale;
  if (source.kind === 'code') {
    scale = {
      '2': `Code that does not run or solves a different problem; none of ${anyOf(points)} in use.`,
      '5': `Passes the basic cases but misses edge cases or is slower than needed; ${anyOf(some)} only partly applied.`,
      '8': `Passes every test using ${list(most)}, readable, at the expected complexity; one gap in edge cases or naming.`,
      '10': `Correct on every case with ${list(points)}, clean and idiomatic, and explains its complexity and trade-offs.${ready}`,
    };
  } else if (source.phase === 'behavioral') {
    scale = {
      '2': `Speaks in generalities ("I always…") or about a team with no own part; no real situation showing ${anyOf(some)}.`,
      '5': `A real situation and what they did, but thin on ${list(most)} and vague about the result.`,
      '8': `A specific story: situation, task, own actions and a result, showing ${list(most)}.`,
      '10': `A specific, owned story in full situation-task-action-result form showing ${list(points)}, with a measurable result and what changed afterwards.${ready}`,
    };
  } else if (source.phase === 'intro' || source.phase === 'wrap_up') {
    scale = {
      '2': `Generic or off the question; nothing concrete about ${anyOf(points)}.`,
      '5': `Answers the question with concrete facts about ${list(some)}, but no detail or reasons.`,
      '8': `Concrete about ${list(most)}: what, where and why, with an example.`,
      '10': `Concrete, specific and reflective on ${list(points)}, with examples and reasons that connect to this role.${ready}`,
    };
  } else {
    scale = {
      '2': `Touches the question but stays vague or partly wrong; explains none of ${anyOf(points)}.`,
      '5': `Explains ${list(some)} correctly in plain terms, without reasons, trade-offs or an example.`,
      '8': `Explains ${list(most)} correctly, says why (trade-offs), and gives a concrete example or numbers.`,
      '10': `Covers ${list(points)} with reasons and trade-offs and concrete examples or numbers from practice.${ready}`,
    };
  }
  return {
    '2': cap(scale['2']),
    '5': cap(scale['5']),
    '8': cap(scale['8']),
    '10': cap(scale['10']),
  };
}

/** The highest anchor a score reaches (undefined below 2: no substance, or off the question). */
export function anchorFor(score: number): AnchorLevel | undefined {
  if (score >= 9) return 10;
  if (score >= 7) return 8;
  if (score >= 4) return 5;
  if (score >= 2) return 2;
  return undefined;
}
