import type { CodeTestCase } from './plan-schema.js';

function sameValue(actual: unknown, expected: unknown, tolerance: number | undefined): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return tolerance === undefined
      ? actual === expected || (actual === 0 && expected === 0)
      : Math.abs(actual - expected) <= tolerance;
  }
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => sameValue(actual[i], e, tolerance))
    );
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const keys = Object.keys(e);
  return (
    keys.length === Object.keys(a).length && keys.every((k) => k in a && sameValue(a[k], e[k], tolerance))
  );
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x,
  );

/**
 * Whether a function's return value passes a test case: deep equality, with
 * `orderInsensitive` (top-level array order ignored) and `floatTolerance`.
 * Booleans never equal numbers (Python's True == 1 does not count).
 */
export function codeOutputMatches(actual: unknown, test: CodeTestCase): boolean {
  const { expected, orderInsensitive, floatTolerance } = test;
  if (orderInsensitive && Array.isArray(expected) && Array.isArray(actual)) {
    const sort = (xs: readonly unknown[]) => [...xs].sort((x, y) => (canonical(x) < canonical(y) ? -1 : 1));
    return sameValue(sort(actual), sort(expected), floatTolerance);
  }
  return sameValue(actual, expected, floatTolerance);
}
