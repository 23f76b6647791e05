import { matchKeywords } from './keyword-match.js';

export const KEYWORD_GATE_CAP = 4;

export interface KeywordGate {
  fired: boolean;
  matched: string[];
}

/** Rule 5: expected keywords given and none matched caps the score at 4. `answerStems`: see matchKeywords. */
export function keywordGate(
  answer: string,
  expectedKeywords: readonly string[] | undefined,
  answerStems?: readonly string[],
): KeywordGate {
  const keywords = (expectedKeywords ?? []).filter((k) => k.trim().length > 0);
  if (keywords.length === 0) return { fired: false, matched: [] };
  const matched = matchKeywords(answer, keywords, answerStems);
  return { fired: matched.length === 0, matched };
}
