import { describe, expect, it } from 'vitest';
import { valuesEqual } from './compare-values.js';

describe('valuesEqual', () => {
  it.each([
    [[0, 1], [0, 1], {}, true],
    [[0, 1], [1, 0], {}, false],
    [[0, 1], [1, 0], { orderInsensitive: true }, true],
    [[['eat', 'tea'], ['bat']], [['bat'], ['tea', 'eat']], { orderInsensitive: true }, true],
    [[1, 1, 2], [1, 2, 2], { orderInsensitive: true }, false],
    [0.1 + 0.2, 0.3, {}, true],
    [0.3001, 0.3, {}, false],
    [0.3001, 0.3, { floatTolerance: 1e-3 }, true],
    [3, 3.0000001, {}, true],
    [2, 3, { floatTolerance: 1 }, false],
    [{ a: 1, b: [2] }, { b: [2], a: 1 }, {}, true],
    [{ a: 1 }, { a: 1, b: undefined }, {}, false],
    [null, null, {}, true],
    [null, 0, {}, false],
    ['1', 1, {}, false],
    [[1], { 0: 1 }, {}, false],
    [true, true, {}, true],
  ])('%j vs %j (%j) → %s', (actual, expected, options, result) => {
    expect(valuesEqual(actual, expected, options)).toBe(result);
  });
});
