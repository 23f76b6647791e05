// Words that carry no meaning for "is this the same question" comparisons.
const stopWords = new Set(
  'a an the and or but of to in on for with at by from as is are was were be been being it its this that these those you your we our us they their them i me my do does did can could would should will how what why when where which who whom whose explain describe tell about walk through give example some any between into than then there here have has had if not no so such'.split(
    ' ',
  ),
);

// Plans compare the same bank texts many times; remember their token sets (bounded).
const memo = new Map<string, ReadonlySet<string>>();

/** Lowercased, lightly stemmed content words of a text, as a set. */
export function contentTokens(text: string): ReadonlySet<string> {
  const hit = memo.get(text);
  if (hit) return hit;
  const words = text.toLowerCase().match(/[a-z0-9+#]+/g) ?? [];
  const tokens = new Set(words.filter((w) => !stopWords.has(w)).map(stem));
  if (memo.size > 10_000) memo.clear();
  memo.set(text, tokens);
  return tokens;
}

// Enough stemming that "caches"/"caching"/"cache" compare equal.
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('es')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  if (word.length > 4 && word.endsWith('e')) return word.slice(0, -1);
  return word;
}

/** Jaccard similarity of the content-token sets, 0..1. */
export function textSimilarity(a: string, b: string): number {
  const ta = contentTokens(a);
  const tb = contentTokens(b);
  if (ta.size === 0 && tb.size === 0) return 1;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared += 1;
  return shared / (ta.size + tb.size - shared);
}

/** Two questions this similar are the same question asked twice. */
export const nearDuplicateThreshold = 0.75;

export function isNearDuplicate(a: string, b: string): boolean {
  return textSimilarity(a, b) >= nearDuplicateThreshold;
}
