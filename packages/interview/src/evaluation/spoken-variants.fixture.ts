import { spokenSlips } from './spoken-lexicon.js';

/**
 * An answer as a speech-to-text engine may give it: no casing or
 * punctuation, filler words where people hesitate (sentence and clause
 * starts), and homophone slips for technical words. Deterministic, so a
 * failure names the variant that moved.
 */
export type SpokenForm = 'lower' | 'fillers' | 'homophones' | 'all';
export const spokenForms: readonly SpokenForm[] = ['lower', 'fillers', 'homophones', 'all'];

const fillers = ['um', 'uh', 'you know', 'so like', 'so um', 'I mean', 'uh like', 'you know like'];

/** Lower case, punctuation gone ("%" said as "percent", "O(n)" as "o of n"). */
function unformatted(text: string): string {
  return text
    .replace(/%/gu, ' percent')
    .replace(/\bO\(([^)]*)\)/gu, 'o of $1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'+#]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** A filler at the start of every sentence and after every second comma. */
function withFillers(text: string): string {
  let n = 0;
  const next = () => fillers[n++ % fillers.length] ?? 'um';
  let commas = 0;
  return text
    .split(/(?<=[.!?])\s+/u)
    .map((sentence) =>
      `${next()} ${sentence.replace(/,\s+/gu, (comma) => (commas++ % 2 === 0 ? `, ${next()} ` : comma))}`.trim(),
    )
    .join(' ');
}

/** Every word with a known slip said the way it sounds ("cache" → "cash", "SQL" → "sequel"). */
function withSlips(text: string): string {
  return text.replace(/[\p{L}']+/gu, (word) => {
    const slip = spokenSlips[word.toLowerCase()];
    return slip ?? word;
  });
}

export function spokenVariant(text: string, form: SpokenForm): string {
  switch (form) {
    case 'lower':
      return unformatted(text);
    case 'fillers':
      return withFillers(text);
    case 'homophones':
      return withSlips(text);
    case 'all':
      return unformatted(withSlips(withFillers(text)));
  }
}
