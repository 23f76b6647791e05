export const FEEDBACK_MAX_CHARS = 200;
const ELLIPSIS = '…';
// What the tidying below rewrites: a white-space character other than a space, or two in a row.
const untidySpace = /[^\S ]|\s\s/u;

/**
 * Rule 3: at most `max` characters (counted as Unicode code points, so an
 * emoji is never split). Text that fits is returned trimmed and untouched.
 * Longer text is cut at the last word boundary so that the kept words plus
 * "…" fit; a single word longer than the limit is cut inside the word.
 * Trailing punctuation before the cut (",", ";", ":", "-") is dropped.
 */
export function clampFeedback(text: string, max = FEEDBACK_MAX_CHARS): string {
  const trimmed = text.trim();
  const tidy = untidySpace.test(trimmed) ? trimmed.replace(/\s+/gu, ' ') : trimmed;
  // No more UTF-16 units than the limit: no more code points either.
  if (tidy.length <= max) return tidy;
  const chars = Array.from(tidy);
  if (chars.length <= max) return chars.join('');

  const room = max - 1;
  // The last space at or before `room`: everything before it is whole words.
  let cut = -1;
  for (let i = room; i > 0; i--) {
    if (chars[i] === ' ') {
      cut = i;
      break;
    }
  }
  const kept =
    cut > 0
      ? chars
          .slice(0, cut)
          .join('')
          .replace(/[\s,;:–—-]+$/u, '')
      : chars.slice(0, room).join('');
  return `${kept}${ELLIPSIS}`;
}
