import { describe, expect, it } from 'vitest';
import { FlushBudget, splitSpeakText } from './deepgram-speak-text.js';

describe('splitSpeakText', () => {
  it('keeps short text whole', () => {
    expect(splitSpeakText('Hello there.', 2000)).toEqual(['Hello there.']);
  });

  it('cuts at the last sentence end, else the last space, else hard; never over the limit', () => {
    expect(splitSpeakText('One two. Three four five.', 12)).toEqual(['One two. ', 'Three four ', 'five.']);
    expect(splitSpeakText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('counts code points, so a character outside the BMP is never cut in half', () => {
    const pieces = splitSpeakText('😀'.repeat(5), 2);
    expect(pieces).toEqual(['😀😀', '😀😀', '😀']);
  });
});

describe('FlushBudget', () => {
  it('allows `limit` per window and says when the next one frees up', () => {
    let now = 0;
    const budget = new FlushBudget(2, 1000, () => now);
    budget.take();
    now = 100;
    budget.take();
    expect(budget.available()).toBe(0);
    expect(budget.msUntilFree()).toBe(900);
    now = 1000;
    expect(budget.available()).toBe(1);
    expect(budget.msUntilFree()).toBe(0);
  });

  it('spend() counts the budget as used up for a whole window', () => {
    let now = 0;
    const budget = new FlushBudget(3, 1000, () => now);
    budget.spend();
    expect(budget.available()).toBe(0);
    now = 999;
    expect(budget.msUntilFree()).toBe(1);
  });
});
