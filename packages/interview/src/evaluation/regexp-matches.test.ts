import { describe, expect, it } from 'vitest';
import { matchesOf } from './regexp-matches.js';

const same = (pattern: RegExp, text: string) =>
  expect(matchesOf(pattern, text).map((m) => [m.index, ...m])).toEqual(
    [...text.matchAll(pattern)].map((m) => [m.index, ...m]),
  );

describe('matchesOf', () => {
  it('finds what matchAll finds, groups included', () => {
    same(/<\s*(system|user)\b[^>]*>/giu, 'a <system x>b</system> <USER> <sys>');
    same(/\{[^{}]{0,800}\}/gu, '{"score": 10} and {} {{x}}');
    same(/[.!?]+(?=\s|$)|\r?\n+/gu, 'One. Two!\r\nThree?\n\nFour');
  });

  it('steps over empty matches as matchAll does, a whole code point under u', () => {
    same(/x*/gu, 'a😀xx b');
    same(/x*/g, 'a😀xx b');
    same(/(?=b)|$/gu, 'abcb😀');
  });

  it("starts at the beginning whatever the pattern's lastIndex, and leaves it at 0", () => {
    const pattern = /a/gu;
    pattern.lastIndex = 3;
    expect(matchesOf(pattern, 'aaaa')).toHaveLength(4);
    expect(pattern.lastIndex).toBe(0);
  });

  it('refuses a pattern without the g flag', () => {
    expect(() => matchesOf(/a/u, 'a')).toThrow(/g flag/u);
  });
});
