/**
 * Every match of a global pattern, as `text.matchAll(pattern)` finds them,
 * without the copy of the pattern that `matchAll` makes on each call: the
 * pattern's own `lastIndex` is used and left at 0. Patterns are module
 * constants and the loop never yields, so no other caller sees it move.
 */
export function matchesOf(pattern: RegExp, text: string): RegExpExecArray[] {
  if (!pattern.global) throw new Error(`matchesOf: ${pattern} needs the g flag`);
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    found.push(match);
    // An empty match would be found again at the same place: step past it, a whole code point under `u`.
    if (match[0].length === 0) pattern.lastIndex = nextIndex(text, pattern.lastIndex, pattern.unicode);
  }
  return found;
}

function nextIndex(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const c = text.charCodeAt(index);
  const d = text.charCodeAt(index + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? index + 2 : index + 1;
}
