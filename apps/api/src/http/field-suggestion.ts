/** `expected_keywords`, `Expected-Keywords` and `expectedkeywords` all fold to `expectedkeywords`. */
function fold(name: string): string {
  return name.replace(/[-_\s]/g, '').toLowerCase();
}

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), capped to stay cheap. */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    rows.push(row);
  }
  const first = rows[0] as number[];
  for (let j = 0; j <= b.length; j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * The known field a caller most likely meant by `given`: the same name in
 * another case convention (snake_case, kebab-case, any capitalisation), or
 * the one nearest in spelling (up to 1 edit for short names, 2 for longer).
 * Undefined when nothing is close or two fields are equally close.
 */
export function suggestField(given: string, known: readonly string[]): string | undefined {
  const folded = fold(given);
  const same = known.filter((name) => fold(name) === folded);
  if (same.length === 1) return same[0];
  const cap = folded.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = cap + 1;
  let tie = false;
  for (const name of known) {
    const d = distance(folded, fold(name), cap);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  return bestDistance <= cap && !tie ? best : undefined;
}

/**
 * `unknown field; did you mean expectedKeywords?` (the detail's path names the field given). A field
 * that matches none of its object's own fields but one of a nested object's is named with its path
 * from here: `expected_keywords` sent beside `question` → `did you mean question.expectedKeywords?`.
 */
export function unknownFieldMessage(
  given: string,
  known: readonly string[],
  nested: readonly string[] = [],
): string {
  let meant = suggestField(given, known);
  if (meant === undefined) {
    const leaf = suggestField(given, [
      ...new Set(nested.map((path) => path.slice(path.lastIndexOf('.') + 1))),
    ]);
    const paths = nested.filter((path) => path.endsWith(`.${leaf}`));
    if (leaf !== undefined && paths.length === 1) meant = paths[0];
  }
  return meant === undefined ? 'unknown field' : `unknown field; did you mean ${meant}?`;
}
