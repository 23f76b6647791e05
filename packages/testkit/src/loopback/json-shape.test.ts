import { describe, expect, it } from 'vitest';
import { shapeDifferences } from './json-shape.js';

describe('shapeDifferences', () => {
  const vendor = { id: 'x', usage: { total: 3 }, choices: [{ text: 'a', logprobs: null }] };
  it('accepts an answer made of the vendor’s fields, fewer included', () => {
    expect(shapeDifferences({ id: 'y', choices: [{ text: 'b', logprobs: { n: 1 } }] }, vendor)).toEqual([]);
  });
  it('names a field the vendor never sends and a field of another type', () => {
    expect(shapeDifferences({ id: 1, extra: true, choices: [{ text: 'b' }, { text: 2 }] }, vendor)).toEqual([
      '$.id: number, the vendor sends string',
      "$.extra: not in the vendor's example",
      '$.choices[1].text: number, the vendor sends string',
    ]);
  });
});
