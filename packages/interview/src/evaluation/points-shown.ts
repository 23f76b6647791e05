import { conceptEvidence } from './answer-lexicon.js';
import { canonicalWords } from './canonical-text.js';
import { matchKeywords } from './keyword-match.js';
import { root } from './word-root.js';

/** Whether `wanted` occurs as a run of consecutive items of `roots`. */
export function hasSequence(roots: readonly string[], wanted: readonly string[]): boolean {
  for (let i = 0; i + wanted.length <= roots.length; i++) {
    if (wanted.every((w, j) => roots[i + j] === w)) return true;
  }
  return false;
}

/**
 * The expected points an answer reaches: those it names (the keyword gate's
 * matching, rule 5), and those it shows without their word, by the evidence
 * the rubric counts too ("Python and Go" for languages, "we shipped" for a
 * result; answer-lexicon's phrases, on word roots). What the engine asks
 * about next must not call missed what the grade says was covered.
 */
export function pointsShown(
  answer: string,
  keywords: readonly string[],
  /** stemsOf(answer), when the caller has them. */
  answerStems?: readonly string[] | undefined,
): string[] {
  const named = new Set(matchKeywords(answer, keywords, answerStems));
  const withEvidence = keywords.filter((k) => !named.has(k) && conceptEvidence.has(k.toLowerCase()));
  if (withEvidence.length === 0) return keywords.filter((k) => named.has(k));
  const roots = canonicalWords(answer).map((w) => root(w));
  const evidenced = new Set(
    withEvidence.filter((k) =>
      (conceptEvidence.get(k.toLowerCase()) ?? []).some((p) => hasSequence(roots, p)),
    ),
  );
  return keywords.filter((k) => named.has(k) || evidenced.has(k));
}
