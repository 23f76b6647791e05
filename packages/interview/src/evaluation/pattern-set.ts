/**
 * A list of patterns asked one question: does any of them match this text?
 * The answer is exactly `patterns.some((p) => p.test(text))`, found in one or
 * two scans of the text instead of one per pattern, and without the cost V8
 * pays for `\b` under the `iu` flags wherever the text allows.
 *
 * Why dropping `u` changes nothing where it is dropped: for a pattern written
 * in ASCII without `\p`, `\P` or `\u{…}`, the `u` flag differs only on astral
 * characters (one code point, two code units) and, with `i`, on U+017F (ſ)
 * and U+212A (Kelvin sign), which fold to `s` and `k` only under `u`
 * (pattern-set.test.ts checks every other BMP character). A text without
 * those gets the same answer from the pattern without `u`. A pattern with
 * letters beyond ASCII needs `u` for its word boundary (see `wordBoundary`),
 * except on pure ASCII text, where that boundary is ASCII's `\b`.
 */

import { literalGate, requiredLiterals } from './pattern-gate.js';
import { isAscii } from './words.js';

// JavaScript's \b only knows ASCII letters; "übergehe" or "réponse" need a boundary that knows every script.
const unicodeBoundary = String.raw`(?:(?<=[\p{L}\p{N}_])(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}_])(?=[\p{L}\p{N}_]))`;
const unicodeOnlySyntax = /\\[pPu]\{|\\[pP]/u;
// Where a pattern without `u` may answer differently: astral characters, ſ and the Kelvin sign.
const foldsOnlyUnderUnicode = /[\u{10000}-\u{10FFFF}\uD800-\uDFFF\u017F\u212A]/u;

/** The pattern as it must run on any text: with a Unicode-aware word boundary when it has letters beyond ASCII. */
export function withUnicodeBoundary(pattern: RegExp): RegExp {
  // Only patterns with letters beyond ASCII need it; the boundary costs a look-behind at every position.
  return !isAscii(pattern.source)
    ? new RegExp(pattern.source.replaceAll(String.raw`\b`, unicodeBoundary), pattern.flags)
    : pattern;
}

function withoutUnicodeFlag(pattern: RegExp): RegExp | undefined {
  if (!pattern.flags.includes('u')) return pattern;
  if (unicodeOnlySyntax.test(pattern.source)) return undefined;
  return new RegExp(pattern.source, pattern.flags.replace('u', ''));
}

/** The top-level alternatives of a pattern's source: `a|(b|c)|[|]\\|` gives `a`, `(b|c)` and `[|]\\|`. */
export function topLevelAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(source.slice(from));
  return parts;
}

// Word boundaries that open most alternatives, written once in front of the alternatives they open:
// `\b(?:a|b)` instead of `\ba|\bb` finds the same matches, and V8 scans the text several times faster.
// (A boundary cannot take a quantifier, so what follows it is always the rest of the alternative.)
const leadingBoundaries = [String.raw`\b`, unicodeBoundary];

/** One alternation per set of flags. No pattern may use back-references or the `g`/`y` flags. */
function combine(patterns: readonly RegExp[]): RegExp[] {
  const byFlags = new Map<string, { opened: Map<string, string[]>; rest: string[] }>();
  for (const pattern of patterns) {
    if (/[gy]/u.test(pattern.flags) || /\\[1-9]|\\k</u.test(pattern.source))
      throw new Error(`pattern-set: ${pattern} cannot join an alternation`);
    const group = byFlags.get(pattern.flags) ?? { opened: new Map<string, string[]>(), rest: [] };
    byFlags.set(pattern.flags, group);
    for (const alternative of topLevelAlternatives(pattern.source)) {
      const boundary = leadingBoundaries.find((b) => alternative.startsWith(b));
      if (boundary === undefined) {
        group.rest.push(`(?:${alternative})`);
        continue;
      }
      const opened = group.opened.get(boundary) ?? [];
      opened.push(`(?:${alternative.slice(boundary.length)})`);
      group.opened.set(boundary, opened);
    }
  }
  return [...byFlags].map(([flags, { opened, rest }]) => {
    const hoisted = [...opened].map(([boundary, alternatives]) => `${boundary}(?:${alternatives.join('|')})`);
    return new RegExp([...hoisted, ...rest].join('|'), flags);
  });
}

/** How much of Unicode a text uses, which decides the patterns that may read it. */
export type TextRange = 'ascii' | 'bmp' | 'unicode';

export function textRange(text: string): TextRange {
  if (isAscii(text)) return 'ascii';
  return foldsOnlyUnderUnicode.test(text) ? 'unicode' : 'bmp';
}

/** Literals shorter than this let too much text through to be worth a gate. */
const MIN_GATE_LITERAL = 3;

/** Every set made, for warmPatternSets(); weakly, so a set made and dropped is not kept. */
const madeSets: WeakRef<PatternSet>[] = [];

// V8 compiles a pattern on its first run (to bytecode) and again on its second (to machine code),
// separately for one-byte and two-byte strings.
const oneByteText = 'warm up';
const twoByteText = 'warm up \u2014';

/**
 * The kinds of string each range's expressions meet. Common: ASCII text, of either width (a slice
 * of a wider string keeps its width). Rare: text beyond ASCII, Latin-1 (one-byte) or wider
 * (two-byte); text beyond the BMP, or with ſ or the Kelvin sign, is always two-byte.
 */
export const warmTexts: Readonly<Record<'common' | 'rare', Readonly<Record<TextRange, readonly string[]>>>> =
  {
    common: { ascii: [oneByteText, twoByteText], bmp: [], unicode: [] },
    rare: { ascii: [], bmp: [oneByteText, twoByteText], unicode: [twoByteText] },
  };

export type WarmWhich = 'common' | 'rare' | 'all';

/**
 * Compiles the regular expressions of every pattern set for the strings they
 * meet, so that none compiles while a candidate waits. A set runs only on text
 * that gets past its gate, so a sample answer does not reach them all: the
 * guard of a streamed reply's sentences (InstructionEcho) compiled at the
 * first reply a process streamed, 25 ms idle, and blocked the event loop for
 * 60 ms under 50 voice sessions (bench CPU profile). The common kinds take
 * about 0.1 s. The rare ones, text beyond ASCII, take about 0.6 s more: the
 * Unicode-aware expressions under `iu` are slow to compile.
 */
export function warmPatternSets(which: WarmWhich = 'all'): void {
  const kinds = which === 'all' ? (['common', 'rare'] as const) : [which];
  for (let i = madeSets.length - 1; i >= 0; i--) {
    const set = madeSets[i]?.deref();
    if (!set) {
      madeSets.splice(i, 1);
      continue;
    }
    for (const [range, expressions] of Object.entries(set.expressionsByRange()))
      for (const kind of kinds)
        for (const text of warmTexts[kind][range as TextRange])
          for (const expression of expressions) {
            expression.test(text);
            expression.test(text);
          }
  }
}

export class PatternSet {
  /** As written, with the Unicode-aware boundary: right for every text. */
  readonly patterns: readonly RegExp[];
  private readonly byRange: Readonly<Record<TextRange, readonly RegExp[]>>;
  /**
   * On ASCII text, the patterns that need one of a few literals run only when
   * the text holds one (pattern-gate.ts); `byRange.ascii` holds the others.
   */
  private readonly asciiGated: { gate: RegExp; patterns: readonly RegExp[] } | undefined;

  constructor(patterns: readonly RegExp[]) {
    this.patterns = patterns.map(withUnicodeBoundary);
    const loose = patterns.map(withoutUnicodeFlag);
    // ASCII text: `\b` is the right boundary for every pattern.
    const ascii = patterns.map((p, i) => loose[i] ?? this.patterns[i] ?? p);
    const needs = ascii.map((p) => {
      const literals = requiredLiterals(p);
      return literals?.every((l) => l.length >= MIN_GATE_LITERAL) ? literals : undefined;
    });
    const gated = ascii.filter((_, i) => needs[i] !== undefined);
    this.asciiGated =
      gated.length > 0
        ? { gate: literalGate(needs.flatMap((n) => n ?? [])), patterns: combine(gated) }
        : undefined;
    madeSets.push(new WeakRef(this));
    this.byRange = {
      unicode: combine(this.patterns),
      // Letters beyond ASCII: those patterns keep `u` and their boundary; the rest run without `u`.
      bmp: combine(this.patterns.map((p, i) => (!isAscii(p.source) ? p : (loose[i] ?? p)))),
      ascii: combine(ascii.filter((_, i) => needs[i] === undefined)),
    };
  }

  /** The expressions test() may run on a text of each range. */
  expressionsByRange(): Record<TextRange, RegExp[]> {
    const gated = this.asciiGated ? [this.asciiGated.gate, ...this.asciiGated.patterns] : [];
    return {
      ascii: [...this.byRange.ascii, ...gated],
      bmp: [...this.byRange.bmp],
      unicode: [...this.byRange.unicode],
    };
  }

  /** Whether any pattern matches; `range` is `textRange(text)` or a wider one (of a text this one is part of). */
  test(text: string, range: TextRange = textRange(text)): boolean {
    for (const pattern of this.byRange[range]) if (pattern.test(text)) return true;
    if (range !== 'ascii' || !this.asciiGated?.gate.test(text)) return false;
    for (const pattern of this.asciiGated.patterns) if (pattern.test(text)) return true;
    return false;
  }
}

/**
 * A set of patterns written in ASCII: its answer is exactly `patterns.some((p) => p.test(text))` for
 * the patterns as written (a pattern beyond ASCII would get the Unicode-aware boundary, so it is refused).
 */
export function asciiPatternSet(patterns: readonly RegExp[]): PatternSet {
  const beyond = patterns.find((p) => !isAscii(p.source));
  if (beyond) throw new Error(`pattern-set: ${beyond} is not written in ASCII`);
  return new PatternSet(patterns);
}
