import { BoundedCache } from './bounded-cache.js';
import { isOwnStem, stem } from './stem.js';

const roots = new BoundedCache<string>(20_000, 64);

// Derivational endings, longest first: "significance" and "significant" meet at "signific",
// "measurement" and "measure" at "measur", "isolation" and "isolated" at "isol".
const derivational =
  /(?:ational|ation|ition|tion|sion|ment|ancy|ency|anc|enc|ant|ent|ity|ness|ive|ical|al|ly|ize|ise|able|ible|at|er|or)$/u;

/**
 * A coarser stem than `stem` for judging what an answer is about: words of
 * one family meet. The keyword gate keeps the parity stemmer; this one only
 * feeds relevance and coverage.
 */
export function root(word: string): string {
  return isOwnStem(word) ? word : roots.get(word, rootOf);
}

function rootOf(word: string): string {
  const base = stem(word);
  const match = derivational.exec(base);
  const cut = match && base.length - match[0].length >= 4 ? base.slice(0, match.index) : base;
  return cut.length > 4 && cut.endsWith('e') ? cut.slice(0, -1) : cut;
}
