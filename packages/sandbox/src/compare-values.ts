export interface CompareOptions {
  orderInsensitive?: boolean | undefined;
  floatTolerance?: number | undefined;
}

const defaultTolerance = 1e-6;

/** Deep equality of JSON values, with a float tolerance and optional order-insensitive arrays. */
export function valuesEqual(actual: unknown, expected: unknown, options: CompareOptions = {}): boolean {
  const tolerance = options.floatTolerance ?? defaultTolerance;
  return equal(actual, expected, tolerance, options.orderInsensitive === true);
}

function equal(a: unknown, b: unknown, tolerance: number, unordered: boolean): boolean {
  if (typeof a === 'number' && typeof b === 'number') return numbersEqual(a, b, tolerance);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    if (!unordered) return a.every((item, i) => equal(item, b[i], tolerance, unordered));
    return multisetEqual(a, b, tolerance);
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  if (keys.length !== Object.keys(bo).length) return false;
  return keys.every((key) => Object.hasOwn(bo, key) && equal(ao[key], bo[key], tolerance, unordered));
}

function numbersEqual(a: number, b: number, tolerance: number): boolean {
  if (Number.isInteger(a) && Number.isInteger(b)) return a === b;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

// Greedy matching is enough: equality with tolerance is close to transitive for test data.
function multisetEqual(a: unknown[], b: unknown[], tolerance: number): boolean {
  const unused = [...b];
  for (const item of a) {
    const index = unused.findIndex((candidate) => equal(item, candidate, tolerance, true));
    if (index < 0) return false;
    unused.splice(index, 1);
  }
  return true;
}
