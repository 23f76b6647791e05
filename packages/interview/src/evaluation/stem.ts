import { BoundedCache } from './bounded-cache.js';

// Words recur across answers (a language has only so many): each is stemmed once.
const stems = new BoundedCache<string>(20_000, 64);

/**
 * A deliberately small stemmer: enough to match "threads", "threading" and
 * "threaded" to "thread" for the keyword gate, predictable enough to explain.
 * Plurals (-s, -es, -ies), -ing and -ed, then a trailing silent "e", so that
 * "cache", "caching" and "cached" meet at "cach".
 */
export function stem(word: string): string {
  return isOwnStem(word) ? word : stems.get(word, stemOf);
}

/**
 * A word that is its own stem (and root), with no look-up: three lower-case ASCII letters or digits at
 * most (no rule reaches a word that short), or a number (no rule cuts a digit).
 */
export function isOwnStem(word: string): boolean {
  let letters = false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 97 && c <= 122) letters = true;
    else if (c < 48 || c > 57) return false;
  }
  return word.length <= 3 || !letters;
}

function stemOf(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/u, '');
  if (w.length <= 3) return w;

  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:[sxz]|ch|sh)es$/u.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/u.test(w)) w = w.slice(0, -1);

  const suffix = /ing$/u.test(w) && w.length > 5 ? 3 : /ed$/u.test(w) && w.length > 4 ? 2 : 0;
  if (suffix > 0) {
    w = w.slice(0, -suffix);
    // "running" -> "runn" -> "run"; but "passing" -> "pass", "calling" -> "call".
    if (/([^aeiouslz])\1$/u.test(w)) w = w.slice(0, -1);
  }
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}
