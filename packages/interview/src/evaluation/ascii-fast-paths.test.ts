import { describe, expect, it } from 'vitest';
import { canonicalWords } from './canonical-text.js';
import { stemsOf, stemsOfWords } from './keyword-match.js';
import { foldLookAlikes } from './unicode-fold.js';
import { asciiWords, tokenize } from './words.js';

// ASCII text takes paths without regular expressions (words.ts, unicode-fold.ts); they must find
// what the general patterns find. Random text over the characters that matter, from a fixed seed.
let seed = 20_260_101;
const next = () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pieces = [
  'a',
  'Z',
  'q',
  '0',
  '1',
  '3',
  '7',
  '9',
  "'",
  "''",
  ' ',
  '.',
  ',',
  '@',
  '$',
  '-',
  '\n',
  'ign0re',
  "don't",
  'p4$$',
];
const texts = Array.from({ length: 3_000 }, () =>
  Array.from({ length: Math.floor(next() * 40) }, () => pieces[Math.floor(next() * pieces.length)]).join(''),
);

const wordPattern = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const leet: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

describe('ASCII fast paths', () => {
  it('tokenize finds the words the Unicode pattern finds', () => {
    for (const text of texts) {
      const expected = [...text.matchAll(wordPattern)].map((m) => ({
        word: m[0].toLowerCase(),
        start: m.index,
        end: m.index + m[0].length,
      }));
      expect(tokenize(text)).toEqual(expected);
    }
  });

  it('look-alike folding reads leetspeak as the Unicode pattern does', () => {
    for (const text of texts) {
      const expected = text.replace(/[\p{L}\p{N}@$]+/gu, (word) =>
        /\p{L}/u.test(word) && /[0134570@$]/u.test(word) && /^[\p{L}0134570@$]+$/u.test(word)
          ? word.replace(/[0134570@$]/gu, (c) => leet[c] ?? c)
          : word,
      );
      expect(foldLookAlikes(text).plain).toBe(expected);
    }
    expect(foldLookAlikes('ign0re the rub1c, p99 stays').plain).toBe('ignore the rubic, p99 stays');
  });

  it('asciiWords finds the words the canonical pattern finds, casing kept', () => {
    const canonicalWord =
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+|[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;
    for (const text of texts) expect(asciiWords(text)).toEqual(text.match(canonicalWord) ?? []);
  });

  it('the stems of canonical words are those of their text, in every script', () => {
    const more = [
      '中文abc 进程和线程 abc中文',
      'Übergröße don’t Straße',
      'ｇｉｖｅ １０ O(n log n) C++ c# .NET',
    ];
    for (const text of [...texts, ...more]) {
      const words = canonicalWords(text);
      expect(stemsOfWords(words)).toEqual(stemsOf(words.join(' ')));
    }
  });
});
