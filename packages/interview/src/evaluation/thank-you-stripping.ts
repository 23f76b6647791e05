import { splitSegments } from './sentences.js';

// A feedback sentence that only thanks or flatters: "Thank you for …",
// "Thanks for …", "Great question", "Good question!".
const pleasantrySentence =
  /^(?:thank you\b|thanks\b|many thanks\b|(?:great|good|excellent|nice|interesting|what a great) question\b)/iu;

/**
 * Rule 2: removes leading pleasantry sentences from feedback. Only leading
 * ones: a "thanks" in the middle is part of what the grader says.
 */
export function stripLeadingPleasantries(feedback: string): string {
  let rest = feedback.trim();
  for (;;) {
    // The pattern is words and spaces only, so it cannot reach past the first sentence: when the
    // text does not start with it, neither does its first sentence.
    if (!pleasantrySentence.test(rest)) return rest;
    const first = splitSegments(rest)[0];
    if (!first || !pleasantrySentence.test(first.text)) return rest;
    rest = rest.slice(first.end).trim();
  }
}
