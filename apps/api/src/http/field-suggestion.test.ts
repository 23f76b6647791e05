import { describe, expect, it } from 'vitest';
import { suggestField, unknownFieldMessage } from './field-suggestion.js';

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

  it('looks one level down when nothing at this level is close, naming the path', () => {
    const nested = ['question.id', 'question.expectedKeywords', 'question.minWords', 'plan.role'];
    expect(unknownFieldMessage('min_words', ['question', 'answer'], nested)).toBe(
      'unknown field; did you mean question.minWords?',
    );
    // A field of this level wins over a nested one.
    expect(unknownFieldMessage('rol', ['role'], nested)).toBe('unknown field; did you mean role?');
    expect(unknownFieldMessage('colour', ['question'], nested)).toBe('unknown field');
  });
});
