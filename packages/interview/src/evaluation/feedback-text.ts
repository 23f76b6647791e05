import { clampFeedback } from './feedback-clamp.js';
import { stripLeadingPleasantries } from './thank-you-stripping.js';

/** Notes first (they explain the gates), then the evaluator's words; rules 2 and 3 applied last. */
export function composeFeedback(
  notes: readonly (string | undefined)[],
  evaluatorText: string,
  fallback: string,
): string {
  const body = stripLeadingPleasantries(evaluatorText);
  const parts = [
    ...notes.filter((n): n is string => n !== undefined && n.length > 0),
    body.length > 0 ? body : fallback,
  ];
  return clampFeedback(stripLeadingPleasantries(parts.join(' ')));
}

/** Strengths and improvements: no pleasantries, each clamped, at most five. */
export function tidyList(items: readonly string[]): string[] {
  return items
    .map((item) => clampFeedback(stripLeadingPleasantries(item)))
    .filter((item) => item.length > 0)
    .slice(0, 5);
}
