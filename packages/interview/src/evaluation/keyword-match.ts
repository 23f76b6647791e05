import { BoundedCache } from './bounded-cache.js';
import { stem } from './stem.js';
import { isPlainWord, tokenize } from './words.js';

const latinish = /^[\p{Script=Latin}\p{N}\s'’\-_.+#/]+$/u;

/** The stems of a text's words, in order: what keywords are matched against. */
export function stemsOf(text: string): string[] {
  return tokenize(text).map((t) => stem(t.word));
}

/** `stemsOf(words.join(' '))`, without joining and reading the words again where each is one plain word. */
export function stemsOfWords(words: readonly string[]): string[] {
  const stems: string[] = [];
  for (const word of words) {
    if (isPlainWord(word)) stems.push(stem(word));
    else for (const token of tokenize(word)) stems.push(stem(token.word));
  }
  return stems;
}

/** A keyword ready to match: nothing (blank), a substring (scripts without spaces), or stems in a row. */
type CompiledKeyword = { keyword: string } & (
  | { kind: 'none' }
  | { kind: 'substring'; lower: string }
  | { kind: 'stems'; stems: readonly string[] }
);

// A question's keywords are compiled once (they come back with every answer to it).
const compiledKeywords = new BoundedCache<readonly CompiledKeyword[]>(512);

function compile(key: string): readonly CompiledKeyword[] {
  return (JSON.parse(key) as string[]).map((keyword): CompiledKeyword => {
    const trimmed = keyword.trim();
    if (trimmed.length === 0) return { keyword, kind: 'none' };
    if (!latinish.test(trimmed)) return { keyword, kind: 'substring', lower: trimmed.toLowerCase() };
    const stems = stemsOf(trimmed);
    return stems.length === 0 ? { keyword, kind: 'none' } : { keyword, kind: 'stems', stems };
  });
}

function inSequence(answerStems: readonly string[], wanted: readonly string[]): boolean {
  for (let i = 0; i + wanted.length <= answerStems.length; i++) {
    let all = true;
    for (let j = 0; j < wanted.length && all; j++) all = answerStems[i + j] === wanted[j];
    if (all) return true;
  }
  return false;
}

/**
 * Case-insensitive keyword matching with simple stemming: "thread" matches
 * "threads", "threading" and "threaded"; a keyword of several words matches
 * those words in a row ("context switch" in "context switching"). Keywords in
 * scripts without spaces (e.g. Chinese) match as substrings. `answerStems`,
 * when the caller has them, are `stemsOf(text)`.
 */
export function matchKeywords(
  text: string,
  keywords: readonly string[],
  answerStems: readonly string[] = stemsOf(text),
): string[] {
  const compiled = compiledKeywords.get(JSON.stringify(keywords), compile);
  const lower = compiled.some((k) => k.kind === 'substring') ? text.toLowerCase() : '';
  return compiled
    .filter((k) => {
      if (k.kind === 'none') return false;
      if (k.kind === 'substring') return lower.includes(k.lower);
      return inSequence(answerStems, k.stems);
    })
    .map((k) => k.keyword);
}
