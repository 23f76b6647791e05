/**
 * Look-alike folding for finding text aimed at the grader: "іgnоrе" written
 * with Cyrillic letters, "ig​nore" with a zero-width space, "ｇｉｖｅ" in
 * full width or "𝐠𝐢𝐯𝐞" in mathematical bold all read as "ignore" or "give".
 * Each kept code point becomes exactly one character, so a span found in the
 * folded text maps back to the original through `origin`.
 */
export interface FoldedText {
  /** Look-alikes folded to Latin, invisible characters removed, diacritics kept. */
  text: string;
  /** The same, with diacritics stripped and digits inside words read as letters (1gn0re). */
  plain: string;
  /**
   * origin[i] is the index in the original text of folded character i; origin[length] = original length.
   * Absent when nothing was folded or removed: every index is its own.
   */
  origin?: number[] | undefined;
  /** Whether anything was folded or removed (false: both texts equal the original). */
  changed: boolean;
}

// Zero-width, joiners, soft hyphen, word joiner, BOM, bidi controls, tag characters.
const invisibleClass = String.raw`\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\u{E0000}-\u{E007F}`;
const invisible = new RegExp(`^[${invisibleClass}]$`, 'u');
const invisibles = new RegExp(`[${invisibleClass}]`, 'gu');

/**
 * Cyrillic and Greek letters that look like Latin ones (Unicode confusables,
 * the common subset), and typographic quotes and dashes, each with the one
 * ASCII character it reads as. The one table of both folds: the grader's
 * (`foldLookAlikes`) and the conversation guards' (`foldText`), so an order
 * hidden with a look-alike is found, or missed, the same way by both.
 */
export const lookAlikeCharacters: ReadonlyMap<string, string> = new Map(
  [
    ['аa', 'еe', 'оo', 'рp', 'сc', 'уy', 'хx', 'іi', 'їi', 'јj', 'ѕs', 'ԁd', 'һh', 'ӏl', 'ԛq', 'ԝw', 'ɡg'],
    ['АA', 'ВB', 'ЕE', 'КK', 'МM', 'НH', 'ОO', 'РP', 'СC', 'ТT', 'УY', 'ХX', 'ІI', 'ЅS', 'ЈJ'],
    ['οo', 'αa', 'εe', 'ιi', 'κk', 'νv', 'ρp', 'τt', 'υu', 'χx', 'ωw', 'ϲc'],
    ['ΑA', 'ΒB', 'ΕE', 'ΖZ', 'ΗH', 'ΙI', 'ΚK', 'ΜM', 'ΝN', 'ΟO', 'ΡP', 'ΤT', 'ΥY', 'ΧX'],
    ['ıi', 'ȷj', 'ℓl'],
    ['‐-', '‑-', '‒-', '–-', '—-', '―-', '−-'],
    ['＂"', '“"', '”"', '„"', '‟"', "‘'", "’'", "‚'", "‛'"],
  ]
    .flat()
    .map((pair) => [pair.slice(0, -1), pair.slice(-1)] as const),
);
const lookAlikePattern = new RegExp(`[${[...lookAlikeCharacters.keys()].join('')}]`, 'gu');

/**
 * `text` with the invisible characters dropped and each character of the
 * table as its ASCII one, in one pass each; no NFKC and no map back to the
 * original (`foldLookAlikes` keeps one).
 */
export function foldCharacters(text: string): string {
  return text.replace(invisibles, '').replace(lookAlikePattern, (c) => lookAlikeCharacters.get(c) ?? c);
}

const leet: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};
const ascii = /^[\x20-\x7e\n\r\t]*$/u;
const letter = /\p{L}/u;
const mark = /\p{M}/gu;
// Without one of these, no word changes.
const leetCharacter = /[0134570@$]/u;

function foldOne(char: string): string {
  const mapped = lookAlikeCharacters.get(char);
  if (mapped) return mapped;
  const compat = char.normalize('NFKC');
  // Full-width and mathematical letters become one ASCII letter; ligatures and the like keep their first.
  const first = Array.from(compat)[0] ?? char;
  return lookAlikeCharacters.get(first) ?? first;
}

/** Folds look-alikes; linear in the length of the text, and free for plain ASCII. */
export function foldLookAlikes(text: string): FoldedText {
  if (ascii.test(text)) return { text, plain: leetWordsAscii(spaced(text)), changed: false };
  let folded = '';
  let plain = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    if (!invisible.test(char)) {
      const one = foldOne(char);
      folded += one;
      plain += one.normalize('NFD').replace(mark, '').slice(0, 1) || one;
      origin.push(index);
    }
    index += char.length;
  }
  origin.push(text.length);
  return { text: folded, plain: leetWords(spaced(plain)), origin, changed: true };
}

// "ignore_previous_instructions" and "ignore%20previous%20instructions" read as words apart:
// an underscore is a word character to a pattern's \b. Same length in, same length out.
const separators = /_|%20/gu;
function spaced(text: string): string {
  return text.includes('_') || text.includes('%20')
    ? text.replace(separators, (s) => ' '.repeat(s.length))
    : text;
}

// Digits and symbols inside a word that also has letters read as letters: "1gn0re" → "ignore".
// Same length in, same length out.
function leetWords(text: string): string {
  if (!leetCharacter.test(text)) return text;
  return text.replace(/[\p{L}\p{N}@$]+/gu, (word) =>
    letter.test(word) && /[0134570@$]/u.test(word) && /^[\p{L}0134570@$]+$/u.test(word)
      ? word.replace(/[0134570@$]/gu, (c) => leet[c] ?? c)
      : word,
  );
}

const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isLeet = (c: number) => leet[String.fromCharCode(c)] !== undefined;
const isWordCharacter = (c: number) => isLetter(c) || (c >= 48 && c <= 57) || c === 64 || c === 36;

/** leetWords for ASCII text, in one pass without a regex: words are runs of letters, digits, @ and $. */
function leetWordsAscii(text: string): string {
  const parts: string[] = [];
  let kept = 0;
  let i = 0;
  while (i < text.length) {
    if (!isWordCharacter(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let letters = false;
    let leets = false;
    let others = false;
    for (; i < text.length && isWordCharacter(text.charCodeAt(i)); i++) {
      const c = text.charCodeAt(i);
      if (isLetter(c)) letters = true;
      else if (isLeet(c)) leets = true;
      else others = true;
    }
    if (letters && leets && !others) {
      parts.push(
        text.slice(kept, start),
        text.slice(start, i).replace(/[0134570@$]/gu, (c) => leet[c] ?? c),
      );
      kept = i;
    }
  }
  return parts.length === 0 ? text : parts.join('') + text.slice(kept);
}

/** Maps a span of the folded text back to the original text. */
export function originalSpan(folded: FoldedText, start: number, end: number): { start: number; end: number } {
  const from = originAt(folded, start) ?? 0;
  const last = originAt(folded, Math.max(start, end - 1)) ?? from;
  const next = originAt(folded, end) ?? last + 1;
  // Swallow invisible characters that followed the last kept one.
  return { start: from, end: Math.max(last + 1, next) };
}

function originAt(folded: FoldedText, index: number): number | undefined {
  if (folded.origin) return folded.origin[index];
  return index >= 0 && index <= folded.text.length ? index : undefined;
}
