import { stemsOfWords } from './keyword-match.js';
import {
  emptyAdverbs,
  fillerLikeAfter,
  hesitations,
  meaningfulBefore,
  phraseSpellings,
  wordSpellings,
} from './spoken-lexicon.js';
import { asciiWords, isAscii } from './words.js';

// Letters and digits with inner apostrophes; a run of Han, Hiragana or Katakana stays one token so that
// substring keyword matching still works for those scripts.
const canonicalWord = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+|[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;
const invisible = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/gu;
const quotes = /[’‘`´]/gu;
const percent = /%/gu;
// "O(n log n)" written, "o of n log n" or "big o of n" spoken: both become "bigo n log n".
const bigOWritten = /(?<![\p{L}\p{N}])o\s*\(\s*/gu;
const bigOSpoken = /(?<![\p{L}\p{N}])(?:big\s+)?o\s+of\s+/gu;
const plusPlus = /(?<![\p{L}\p{N}])c\s*\+\+/gu;
const sharp = /(?<![\p{L}\p{N}])c#/gu;
const dotNet = /(?<![\p{L}\p{N}])\.net\b/gu;
const abbreviations = /\b(?:e\.g\.|i\.e\.)/gu;

// A Map, not the record: a word such as "constructor" must not find what every object inherits.
const spellings: ReadonlyMap<string, string> = new Map(Object.entries(wordSpellings));
const phrasesByFirst = new Map<string, Array<readonly [readonly string[], readonly string[]]>>();
for (const entry of phraseSpellings) {
  const first = entry[0][0] ?? '';
  phrasesByFirst.set(first, [...(phrasesByFirst.get(first) ?? []), entry]);
}

// "like" right before these starts no comparison: "…services, like, and I write…".
const clauseStarts: ReadonlySet<string> = new Set(
  'and but so which i we you they he she after then because when if or um uh'.split(' '),
);

// The only words isFiller can drop: any other word is kept without asking it.
const fillerStarts: ReadonlySet<string> = new Set([
  ...hesitations,
  ...emptyAdverbs,
  ...'so you i kind sort like'.split(' '),
]);

// Every word the loop below may drop, join or respell: most words are none, and are kept after one look-up.
const rewritten: ReadonlySet<string> = new Set([
  ...fillerStarts,
  ...phrasesByFirst.keys(),
  ...spellings.keys(),
  'one',
]);

function isFiller(tokens: readonly string[], i: number, kept: readonly string[]): number {
  const word = tokens[i] ?? '';
  const next = tokens[i + 1];
  const raw = tokens[i - 1];
  // After a hesitation or another filler, "like" and "so" are fillers too ("uh like", "so um").
  const previous =
    raw !== undefined && (hesitations.has(raw) || raw === 'know' || raw === 'mean' || raw === 'so')
      ? 'um'
      : kept[kept.length - 1];
  if (hesitations.has(word) || emptyAdverbs.has(word)) return 1;
  if (word === 'so' && next !== undefined && (hesitations.has(next) || next === 'like')) return 1;
  if (word === 'you' && next === 'know' && !meaningfulBefore.youKnow.has(previous ?? '')) return 2;
  if (word === 'i' && next === 'mean' && !meaningfulBefore.iMean.has(previous ?? '')) return 2;
  if ((word === 'kind' || word === 'sort') && next === 'of' && !meaningfulBefore.kindOf.has(previous ?? ''))
    return 2;
  if (
    word === 'like' &&
    (previous === undefined || fillerLikeAfter.has(previous) || clauseStarts.has(next ?? ''))
  )
    return 1;
  return 0;
}

/**
 * The words an answer says, as both graders see them: lower case, no
 * punctuation, look-alike and invisible characters gone, filler words
 * removed, split or misheard technical terms joined ("no sequel" → nosql,
 * "cash" → cache) and number words as digits. Linear in the text, with
 * every pattern compiled once.
 */
export function canonicalWords(text: string): string[] {
  // Each rewrite runs only when the text has what it looks for (a scan for a character is cheaper);
  // ASCII is its own NFKC form.
  const ascii = isAscii(text);
  let prepared = ascii ? text : text.normalize('NFKC');
  if (!ascii) prepared = prepared.replace(invisible, '');
  prepared = prepared.toLowerCase();
  if (!ascii || prepared.includes('`')) prepared = prepared.replace(quotes, "'");
  if (prepared.includes('e.g.') || prepared.includes('i.e.'))
    prepared = prepared.replace(abbreviations, (m) => (m.startsWith('e') ? ' for example ' : ' that is '));
  if (prepared.includes('%')) prepared = prepared.replace(percent, ' percent ');
  if (prepared.includes('+')) prepared = prepared.replace(plusPlus, ' cpp ');
  if (prepared.includes('#')) prepared = prepared.replace(sharp, ' csharp ');
  if (prepared.includes('.net')) prepared = prepared.replace(dotNet, ' dotnet ');
  if (prepared.includes('(')) prepared = prepared.replace(bigOWritten, ' bigo ');
  if (prepared.includes('of')) prepared = prepared.replace(bigOSpoken, ' bigo ');
  // ASCII has no Han, Hiragana or Katakana: its words are the plain scanner's.
  const raw = ascii ? asciiWords(prepared) : (prepared.match(canonicalWord) ?? []);
  const words: string[] = [];
  for (let i = 0; i < raw.length; ) {
    const word = raw[i] ?? '';
    if (!rewritten.has(word)) {
      words.push(word);
      i++;
      continue;
    }
    const skip = fillerStarts.has(word) ? isFiller(raw, i, words) : 0;
    if (skip > 0) {
      i += skip;
      continue;
    }
    const phrase = phrasesByFirst.get(word)?.find(([from]) => from.every((part, j) => raw[i + j] === part));
    if (phrase) {
      words.push(...phrase[1]);
      i += phrase[0].length;
      continue;
    }
    words.push(word === 'one' && words[words.length - 1] === 'bigo' ? '1' : (spellings.get(word) ?? word));
    i++;
  }
  return words;
}

/** The canonical words joined by spaces: the text the rubric and the LLM grade. */
export function canonicalText(text: string): string {
  return canonicalWords(text).join(' ');
}

/** An answer read once: its canonical words, the text they make, and its stems (`stemsOf(text)`). */
export interface CanonicalAnswer {
  words: readonly string[];
  text: string;
  stems: readonly string[];
}

/** The canonical reading of an answer that the rubric, both gates and the LLM prompt share. */
export function canonicalAnswer(text: string): CanonicalAnswer {
  const words = canonicalWords(text);
  return { words, text: words.join(' '), stems: stemsOfWords(words) };
}
