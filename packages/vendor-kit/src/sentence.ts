/**
 * True when a piece of text ends a sentence: `.`, `!`, `?`, `…` (and their
 * CJK forms), optionally followed by closing quotes or brackets and spaces.
 * Sentence-paced TTS flushes there, so audio starts sentence by sentence.
 */
export function endsSentence(text: string): boolean {
  return /[.!?…。！？]["'”’)\]]*\s*$/u.test(text);
}
