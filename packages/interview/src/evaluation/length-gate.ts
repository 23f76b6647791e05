import { countWords } from './words.js';

export const DEFAULT_MIN_WORDS = 8;
export const LENGTH_GATE_CAP = 2;

export interface LengthGate {
  fired: boolean;
  words: number;
  minWords: number;
}

/** Rule 4: fewer than `minWords` words (default 8) caps the score at 2. `words`: countWords(answer), when known. */
export function lengthGate(
  answer: string,
  minWords: number | undefined,
  words = countWords(answer),
): LengthGate {
  const min = minWords ?? DEFAULT_MIN_WORDS;
  return { fired: words < min, words, minWords: min };
}
