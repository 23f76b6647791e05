import { matchesOf } from './regexp-matches.js';

/** A piece of the answer: a sentence, or a line, with its character span. */
export interface Segment {
  text: string;
  start: number;
  end: number;
}

// A sentence ends at . ! ? (or their CJK forms) followed by space or the end,
// and at every line break; decimals like "3.5" and "O(n.log n)" stay whole.
const boundary = /[.!?。！？]+(?=\s|$)|[。！？]+|\r?\n+/gu;

export function splitSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let from = 0;
  for (const match of matchesOf(boundary, text)) {
    const index = match.index;
    // Only the line-break alternative starts with \r or \n.
    const first = match[0].charCodeAt(0);
    const isBreak = first === 10 || first === 13;
    pushSegment(segments, text, from, isBreak ? index : index + match[0].length);
    from = index + match[0].length;
  }
  pushSegment(segments, text, from, text.length);
  return segments;
}

function pushSegment(segments: Segment[], text: string, from: number, end: number): void {
  const raw = text.slice(from, end);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (trimmed.length > 0)
    segments.push({ text: trimmed, start: from + lead, end: from + lead + trimmed.length });
}
