// Pleasantries and fillers that, alone, are not an answer. Matched on the text
// lower-cased with punctuation removed, so "Thank you! Thanks." and "OK..." count.
const pleasantry =
  '(?:thank you(?: (?:very|so) much)?|thanks(?: a lot| so much)?|many thanks|thx|ty|ok(?:ay)?|k|' +
  "that'?s all|that is all|that'?s it|that is it|nothing else|um+|uh+|hmm+|erm|bye|goodbye)";
const onlyPleasantries = new RegExp(`^(?:${pleasantry}(?: |$))*$`, 'u');
// Letters and digits no pleasantry has: normalizing keeps them, so an answer with one is no pleasantry.
const beyondPleasantries = /[fjpqwz\d]/u;

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`]/gu, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/(^| )'+|'+( |$)/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Rule 1: blank, or nothing but pleasantries such as "thank you", "thanks", "ok", "that's all". */
export function isEmptyAnswer(text: string): boolean {
  if (beyondPleasantries.test(text.toLowerCase())) return false;
  const normalized = normalize(text);
  return normalized.length === 0 || onlyPleasantries.test(normalized);
}

export const NO_ANSWER_FEEDBACK = 'No answer was given.';
