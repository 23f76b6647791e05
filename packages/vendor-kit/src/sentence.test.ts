import { describe, expect, it } from 'vitest';
import { endsSentence } from './sentence.js';

describe('endsSentence', () => {
  it('sees sentence ends, with closing quotes, brackets and spaces after them', () => {
    for (const text of ['Done.', 'Really?', 'Yes!', 'Well…', 'He said "go."', '(see above.) ', '好。']) {
      expect(endsSentence(text), text).toBe(true);
    }
  });
  it('does not see one inside a sentence', () => {
    for (const text of ['Hel', 'one, two', 'e.g', 'version 3.5 is', '']) {
      expect(endsSentence(text), text).toBe(false);
    }
  });
});
