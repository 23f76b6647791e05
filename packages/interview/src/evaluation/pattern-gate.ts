/**
 * What text a pattern cannot match without: a set of literal strings, one of
 * which every match contains. A text that holds none of them (case aside) is
 * not scanned by the pattern at all. Served, a long alternation costs several
 * times what it costs in a loop (its compiled code is cold after a request's
 * network work), so a small gate in front of it pays for itself.
 *
 * Read from the pattern's source, for the syntax the non-answer patterns use:
 * literals and escaped punctuation, groups, look-arounds, classes, `\b`-style
 * escapes and quantifiers. A match is the concatenation of what each item of
 * the pattern consumed (an assertion consumes nothing), so a run of items that
 * can only consume a few known strings gives the strings of the run, and an
 * alternation gives the strings of all its alternatives. Whatever it cannot
 * read gives no literals, and the pattern is then always run: the gate may
 * only ever let more text through.
 */

/** What one piece of a pattern can consume: exactly these strings (few), and strings every match contains. */
interface Piece {
  exact: ReadonlySet<string> | undefined;
  need: ReadonlySet<string> | undefined;
}

interface Parser {
  source: string;
  at: number;
}

/** More exact strings than this and a run is cut in two. */
const MAX_EXACT = 256;
/** Escapes that stand for one literal character of their own. */
const literalEscape = /[\\/.^$*+?()[\]{}|\-,:=!<>"'#&%@~`;]/u;
/** Escapes that consume a character of a class, or assert without consuming. */
const classEscape = /^[dDsSwWnrtfv0pPux]$/u;
const assertionEscape = /^[bB]$/u;

const nothing: Piece = { exact: new Set(['']), need: undefined };
const unknown: Piece = { exact: undefined, need: undefined };

function product(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> | undefined {
  if (a.size * b.size > MAX_EXACT) return undefined;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

/** The shortest string decides: a longer one is rarer in a text. */
function shortest(s: ReadonlySet<string>): number {
  let min = Number.POSITIVE_INFINITY;
  for (const x of s) min = Math.min(min, x.length);
  return min;
}

function better(a: ReadonlySet<string>, b: ReadonlySet<string> | undefined): boolean {
  if (b === undefined) return true;
  return shortest(a) > shortest(b) || (shortest(a) === shortest(b) && a.size < b.size);
}

function parseAlternation(p: Parser): Piece {
  const alternatives = [parseSequence(p)];
  while (p.source[p.at] === '|') {
    p.at++;
    alternatives.push(parseSequence(p));
  }
  const union = (sets: Array<ReadonlySet<string> | undefined>) =>
    sets.some((s) => s === undefined) ? undefined : new Set(sets.flatMap((s) => [...(s ?? [])]));
  const exact = union(alternatives.map((a) => a.exact));
  return {
    exact: exact !== undefined && exact.size <= MAX_EXACT ? exact : undefined,
    need: union(alternatives.map((a) => a.need ?? a.exact)),
  };
}

function parseSequence(p: Parser): Piece {
  let best: ReadonlySet<string> | undefined;
  const consider = (candidate: ReadonlySet<string> | undefined) => {
    if (candidate !== undefined && better(candidate, best)) best = candidate;
  };
  // The strings the current run of exact pieces can consume, and whether the whole sequence is one run.
  let run: ReadonlySet<string> = new Set(['']);
  let whole = true;
  while (p.at < p.source.length && p.source[p.at] !== '|' && p.source[p.at] !== ')') {
    const piece = parseQuantified(p);
    const joined = piece.exact !== undefined ? product(run, piece.exact) : undefined;
    if (joined !== undefined) {
      run = joined;
      continue;
    }
    whole = false;
    consider(run);
    consider(piece.need ?? piece.exact);
    run = piece.exact ?? new Set(['']);
  }
  consider(run);
  return { exact: whole ? run : undefined, need: best };
}

function parseQuantified(p: Parser): Piece {
  const piece = parseAtom(p);
  const c = p.source[p.at];
  let min: number;
  let max: number;
  if (c === '*') [min, max] = [0, Number.POSITIVE_INFINITY];
  else if (c === '+') [min, max] = [1, Number.POSITIVE_INFINITY];
  else if (c === '?') [min, max] = [0, 1];
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/u.exec(p.source.slice(p.at));
    if (!m) throw new Error('pattern-gate: unreadable braces');
    min = Number(m[1]);
    max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    p.at += m[0].length - 1;
  } else return piece;
  p.at++;
  if (p.source[p.at] === '?') p.at++;
  const need = min >= 1 ? (piece.need ?? piece.exact) : undefined;
  // Zero or one of a few strings is still a few strings; any other count is not read exactly.
  if (min === 0 && max === 1 && piece.exact !== undefined)
    return { exact: new Set([...piece.exact, '']), need };
  if (min === 1 && max === 1) return piece;
  return { exact: undefined, need };
}

function parseAtom(p: Parser): Piece {
  const c = p.source[p.at] as string;
  if (c === '(') {
    p.at++;
    let assertion = false;
    if (p.source[p.at] === '?') {
      const kind = p.source.slice(p.at, p.at + 3);
      if (kind.startsWith('?:')) p.at += 2;
      else if (kind.startsWith('?=') || kind.startsWith('?!')) {
        p.at += 2;
        assertion = true;
      } else if (kind === '?<=' || kind === '?<!') {
        p.at += 3;
        assertion = true;
      } else if (kind.startsWith('?<')) p.at = p.source.indexOf('>', p.at) + 1;
      else throw new Error('pattern-gate: unknown group');
    }
    const inner = parseAlternation(p);
    if (p.source[p.at] !== ')') throw new Error('pattern-gate: unclosed group');
    p.at++;
    // A look-around consumes nothing.
    return assertion ? nothing : inner;
  }
  if (c === '[') {
    p.at++;
    if (p.source[p.at] === '^') p.at++;
    // A `]` first in a class is one of its characters.
    if (p.source[p.at] === ']') p.at++;
    while (p.at < p.source.length && p.source[p.at] !== ']') p.at += p.source[p.at] === '\\' ? 2 : 1;
    if (p.source[p.at] !== ']') throw new Error('pattern-gate: unclosed class');
    p.at++;
    return unknown;
  }
  if (c === '\\') {
    const next = p.source[p.at + 1] as string;
    p.at += 2;
    if (literalEscape.test(next)) return { exact: new Set([next]), need: undefined };
    if (assertionEscape.test(next)) return nothing;
    if (!classEscape.test(next)) throw new Error('pattern-gate: unknown escape');
    if ((next === 'p' || next === 'P' || next === 'u') && p.source[p.at] === '{')
      p.at = p.source.indexOf('}', p.at) + 1;
    else if (next === 'u') p.at += 4;
    else if (next === 'x') p.at += 2;
    return unknown;
  }
  p.at++;
  if (c === '^' || c === '$') return nothing;
  if (c === '.') return unknown;
  if (c === '*' || c === '+' || c === '?' || c === '{' || c === '}' || c === ']')
    throw new Error('pattern-gate: stray quantifier or bracket');
  // A character beyond ASCII that folds to one within it (ſ, the Kelvin sign) is not a literal to look for.
  if (/\P{ASCII}/u.test(c) && /\p{ASCII}/u.test(c.toLowerCase() + c.toUpperCase()))
    throw new Error('pattern-gate: a letter that folds into ASCII');
  return { exact: new Set([c.toLowerCase()]), need: undefined };
}

/**
 * The literals (lower case) one of which every match of `pattern` contains,
 * or undefined when the source says none for sure. Matching is taken as
 * case-insensitive whatever the flags: a gate that ignores case only lets
 * more through.
 */
export function requiredLiterals(pattern: RegExp): string[] | undefined {
  try {
    const p: Parser = { source: pattern.source, at: 0 };
    const piece = parseAlternation(p);
    const need = piece.need ?? piece.exact;
    if (p.at !== p.source.length || need === undefined || shortest(need) === 0) return undefined;
    return [...need];
  } catch {
    return undefined;
  }
}

/** One case-insensitive search for any of `literals`; a literal that holds a shorter one is left to it. */
export function literalGate(literals: readonly string[]): RegExp {
  const unique = [...new Set(literals)].sort((a, b) => a.length - b.length);
  const kept = unique.filter((l, i) => !unique.slice(0, i).some((shorter) => l.includes(shorter)));
  return new RegExp(kept.map((l) => l.replace(/[\\^$.*+?()[\]{}|/-]/gu, '\\$&')).join('|'), 'i');
}
