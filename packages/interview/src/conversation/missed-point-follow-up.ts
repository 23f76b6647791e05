import { matchKeywords } from '../evaluation/keyword-match.js';
import { pointsShown } from '../evaluation/points-shown.js';
import { contentStems, questionForm, repeatsAsked } from './follow-up-guard.js';

export interface MissedPointFollowUp {
  text: string;
  /** The expected point the answer did not reach, as the follow-up targets it. */
  missedPoint: string;
  /** bank: one of the question's follow-ups; constructed: made from the missed point. */
  from: 'bank' | 'constructed';
}

/**
 * The follow-up made from a missed point when no bank follow-up is about it. The point is a bare
 * keyword, and a bare common noun reads wrong after "What about" ("What about customer?"), so a
 * point of one or two words in lower case is asked as a side of the answer ("What about the
 * customer side of it?", "the event listeners side"), right for a singular or a plural. A name, an
 * acronym or a code (Kafka, WaitGroup, ACID, 429) stands alone ("What about Kafka?"), as does a
 * longer phrase, often a verb's ("What about single source of truth?", not "the shield the team side").
 */
export function constructedFollowUp(point: string): string {
  const asked = isCommonNoun(point) ? `the ${point} side of it` : point;
  return `What about ${asked}? Tell me a little about that.`;
}

/** One or two words in lower-case letters (hyphens within): a common noun, or a noun and its modifier. */
const isCommonNoun = (point: string): boolean =>
  /^\p{Ll}+(?:-\p{Ll}+)*(?: \p{Ll}+(?:-\p{Ll}+)*)?$/u.test(point);

/**
 * The offline follow-up: one that targets an expected point the answer
 * missed (neither named nor shown: points-shown.ts). First a bank follow-up
 * about a missed keyword (in the keywords' order), then one made from the
 * first missed keyword, then a bank follow-up whose point the answer has not
 * touched (its words are not in the answer). Never a question already asked.
 * Undefined when nothing is left to probe.
 */
export function missedPointFollowUp(input: {
  question: { expectedKeywords: readonly string[]; followUps: readonly string[] };
  answer: string;
  /** stemsOf(answer), when the caller has them. */
  answerStems?: readonly string[] | undefined;
  asked: readonly string[];
}): MissedPointFollowUp | undefined {
  const { question, answer } = input;
  const fresh = (text: string) => !repeatsAsked(text, input.asked);
  // A point shown without its word ("Python and Go" for languages) is not missed: the grade counts it.
  const said = new Set(pointsShown(answer, question.expectedKeywords, input.answerStems));
  const missed = question.expectedKeywords.filter((k) => !said.has(k));
  for (const point of missed) {
    const bank = question.followUps.find(
      (f) => matchKeywords(f, [point], questionForm(f).stems).length > 0 && fresh(f),
    );
    if (bank) return { text: bank, missedPoint: point, from: 'bank' };
  }
  for (const point of missed) {
    const text = constructedFollowUp(point);
    if (fresh(text)) return { text, missedPoint: point, from: 'constructed' };
  }
  const answered = contentStems(answer);
  for (const text of question.followUps) {
    const form = questionForm(text);
    const untouched = [...form.contentStems].filter((s) => !answered.has(s));
    // The point is its longest word the answer never used ("concurrently", not "two").
    const point = form.words
      .filter((_, i) => untouched.some((s) => form.wordStems[i]?.has(s)))
      .reduce<string | undefined>(
        (best, w) => (best === undefined || w.length > best.length ? w : best),
        undefined,
      );
    if (point && untouched.length * 2 >= form.contentStems.size && fresh(text)) {
      return { text, missedPoint: point, from: 'bank' };
    }
  }
  return undefined;
}
