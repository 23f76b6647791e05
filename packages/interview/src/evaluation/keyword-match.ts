import { stem } from './stem.js';
import { tokenize } from './words.js';

const latinish = /^[\p{Script=Latin}\p{N}\s'’\-_.+#/]+$/u;

function stemsOf(text: string): string[] {
  return tokenize(text).map((t) => stem(t.word));
}

/**
 * Case-insensitive keyword matching with simple stemming: "thread" matches
 * "threads", "threading" and "threaded"; a keyword of several words matches
 * those words in a row ("context switch" in "context switching"). Keywords in
 * scripts without spaces (e.g. Chinese) match as substrings.
 */
export function matchKeywords(text: string, keywords: readonly string[]): string[] {
  const answerStems = stemsOf(text);
  const lower = text.toLowerCase();
  return keywords.filter((keyword) => {
    const trimmed = keyword.trim();
    if (trimmed.length === 0) return false;
    if (!latinish.test(trimmed)) return lower.includes(trimmed.toLowerCase());
    const wanted = stemsOf(trimmed);
    if (wanted.length === 0) return false;
    for (let i = 0; i + wanted.length <= answerStems.length; i++) {
      if (wanted.every((w, j) => answerStems[i + j] === w)) return true;
    }
    return false;
  });
}
