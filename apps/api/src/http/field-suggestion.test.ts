import { describe, expect, it } from 'vitest';
import { suggestField } from './field-suggestion.js';

const known = ['sessionId', 'question', 'answer', 'expectedKeywords', 'minWords', 'role', 'roles'];

describe('suggestField', () => {
  it.each([
    ['session_id', 'sessionId'],
    ['SESSION-ID', 'sessionId'],
    ['expected_keywords', 'expectedKeywords'],
    ['expectedKeyword', 'expectedKeywords'],
    ['expectedKeywrods', 'expectedKeywords'],
    ['qestion', 'question'],
    ['answr', 'answer'],
    ['min_word', 'minWords'],
  ])('%s → %s', (given, meant) => {
    expect(suggestField(given, known)).toBe(meant);
  });

  it.each([['colour'], ['x'], ['rol'], ['completelyDifferent']])(
    '%s → nothing (too far, or a tie)',
    (given) => {
      // `rol` is one edit from both role and (after role) roles' neighbour: a tie says nothing.
      expect(suggestField(given, given === 'rol' ? ['role', 'roll'] : known)).toBeUndefined();
    },
  );
});
