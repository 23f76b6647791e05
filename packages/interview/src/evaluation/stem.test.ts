import { describe, expect, it } from 'vitest';
import { stem } from './stem.js';
import { root } from './word-root.js';

describe('stem and root', () => {
  it('match a word family', () => {
    expect(['threads', 'threading', 'threaded'].map(stem)).toEqual(['thread', 'thread', 'thread']);
    expect(['cache', 'caching', 'cached'].map(stem)).toEqual(['cach', 'cach', 'cach']);
    expect(['isolation', 'isolated'].map(root)).toEqual(['isol', 'isol']);
  });

  it('give a short lower-case word back as it is, as the full rules do for its upper-case spelling', () => {
    const chars = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
    const words = [
      ...chars,
      ...chars.flatMap((a) => chars.flatMap((b) => [a + b, `${a}${b}s`, `s${a}${b}`])),
    ];
    for (const word of words) {
      // The upper-case spelling takes the cached rules (which lower-case first) unless it is all digits.
      expect([word, stem(word), root(word)]).toEqual([
        word,
        stem(word.toUpperCase()),
        root(word.toUpperCase()),
      ]);
    }
  });

  it('give a number back as it is, as the full rules do for its possessive', () => {
    for (const number of ['0', '42', '1234', '20000', '3000000000', '1000000000000000000']) {
      // The possessive ("1234's") takes the cached rules, which drop the "'s" and then cut nothing.
      expect([stem(number), root(number)]).toEqual([number, number]);
      expect([stem(`${number}'S`), root(`${number}'S`)]).toEqual([number, number]);
    }
  });
});
