export const MIN_SCORE = 0;
export const MAX_SCORE = 10;

/** Rule 6: scores are integers 0–10; anything else is rounded and clamped. */
export function toScore(value: number): number {
  if (!Number.isFinite(value)) return MIN_SCORE;
  return Math.min(MAX_SCORE, Math.max(MIN_SCORE, Math.round(value)));
}
