import { matchesOf } from './regexp-matches.js';

/** A word of the text with where it stands, so spans can be mapped back to characters. */
export interface WordToken {
  /** Lower-cased word as written. */
  word: string;
  start: number;
  end: number;
}

// Letters and digits, with inner apostrophes ("don't"); every Han, Hiragana or
// Katakana character counts as a word of its own, since those scripts do not
// separate words with spaces.
const wordPattern = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const beyondAscii = /\P{ASCII}/u;

/** Whether every character of `text` is ASCII: the text (or a pattern's source) the fast paths may take. */
export function isAscii(text: string): boolean {
  return !beyondAscii.test(text);
}

export function tokenize(text: string): WordToken[] {
  if (isAscii(text)) return tokenizeAscii(text);
  const tokens: WordToken[] = [];
  for (const match of matchesOf(wordPattern, text)) {
    const start = match.index ?? 0;
    tokens.push({ word: match[0].toLowerCase(), start, end: start + match[0].length });
  }
  return tokens;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const APOSTROPHE = 39;

/** Where the word that starts at `start` ends: letters and digits, then inner apostrophes each followed by letters. */
function asciiWordEnd(text: string, start: number): number {
  const n = text.length;
  let i = start;
  while (i < n && (isLetter(text.charCodeAt(i)) || isDigit(text.charCodeAt(i)))) i++;
  while (i + 1 < n && text.charCodeAt(i) === APOSTROPHE && isLetter(text.charCodeAt(i + 1))) {
    i += 2;
    while (i < n && isLetter(text.charCodeAt(i))) i++;
  }
  return i;
}

/** Calls `onWord` with the span of each word `wordPattern` finds in ASCII text, without a regex. */
function eachAsciiWord(text: string, onWord: (start: number, end: number) => void): void {
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (!isLetter(c) && !isDigit(c)) {
      i++;
      continue;
    }
    const start = i;
    i = asciiWordEnd(text, start);
    onWord(start, i);
  }
}

function tokenizeAscii(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  eachAsciiWord(text, (start, end) =>
    tokens.push({ word: text.slice(start, end).toLowerCase(), start, end }),
  );
  return tokens;
}

/** The words of ASCII text as written (casing kept), found as `tokenize` finds them. */
export function asciiWords(text: string): string[] {
  const words: string[] = [];
  eachAsciiWord(text, (start, end) => words.push(text.slice(start, end)));
  return words;
}

/** Whether `tokenize(word)` is `[word]` itself: lower-case ASCII letters and digits, inner apostrophes. */
export function isPlainWord(word: string): boolean {
  if (word.length === 0) return false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (!(c >= 97 && c <= 122) && !isDigit(c) && c !== APOSTROPHE) return false;
  }
  return asciiWordEnd(word, 0) === word.length;
}

export function countWords(text: string): number {
  return tokenize(text).length;
}

/** Words that carry grammar rather than content; a sentence without any is not prose. */
export const functionWords: ReadonlySet<string> = new Set(
  (
    'a an the is are was were be been being am it its this that these those there here to of in on at by for ' +
    'from with as into than then so because since if when while which who whom whose what why how where we i ' +
    'you he she they them our my your their me us can could will would should may might must do does did ' +
    'has have had not no but also just only very more most each every all any some such one per via'
  ).split(' '),
);

/** Function words plus connectives: ignored when picking the content words of a question. */
export const stopWords: ReadonlySet<string> = new Set([
  ...functionWords,
  ...'and or about explain describe tell give example between difference would you your what how why when work works use used using do does'.split(
    ' ',
  ),
]);
