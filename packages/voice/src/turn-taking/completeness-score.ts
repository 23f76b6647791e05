import {
  adverbParticle,
  ambiguousTail,
  auxiliary,
  closingTail,
  complementThatTail,
  connectiveExceptions,
  connectiveTail,
  danglingWord,
  ellipticTo,
  fillerOnly,
  fillerTail,
  particle,
  phrasalVerb,
  preposition,
  questionBack,
  repeatRequest,
  separableVerb,
  shortAnswer,
  strandingOpener,
  thinkingTail,
  trailingTag,
  yesNo,
} from './english-cues.js';
import { listOpenness, listState } from './unfinished-list.js';

/** Why the transcript looks finished or not; the engine may log it (never the text itself). */
export type CompletenessReason =
  | 'empty'
  | 'thinking'
  | 'filler'
  | 'connective'
  | 'dangling-word'
  | 'dangling-preposition'
  | 'dangling-auxiliary'
  | 'continuation-mark'
  | 'open-list'
  | 'maybe-open-list'
  | 'question-back'
  | 'closing'
  | 'short-answer'
  | 'too-short'
  | 'stranded'
  | 'ambiguous-ending'
  | 'finished-sentence'
  | 'no-final-punctuation'
  | 'open-ending'
  | 'unsupported-language';

export interface Completeness {
  /** 0: the speaker is surely going on; 1: the thought is surely finished. */
  score: number;
  reason: CompletenessReason;
  /** A thinking pause ("let me think", "hmm"): the turn must not end at this silence. */
  thinking: boolean;
}

export interface CompletenessOptions {
  /** The question being answered; an open question ("explain …") wants more than a word or two. */
  question?: string | undefined;
  /** BCP-47 tag of the speech; only English is scored, any other language gets a neutral score. */
  language?: string | undefined;
}

// Scores per reason: one table, so the policy's waits can be tuned from here.
const scores: Record<CompletenessReason, number> = {
  empty: 0,
  thinking: 0,
  filler: 0.1,
  connective: 0.1,
  'dangling-word': 0.05,
  'dangling-preposition': 0.15,
  'dangling-auxiliary': 0.2,
  'continuation-mark': 0.15,
  'open-list': 0.15,
  'maybe-open-list': 0.5,
  'question-back': 0.9,
  closing: 0.95,
  'short-answer': 0.85,
  'too-short': 0.45,
  stranded: 0.7,
  'ambiguous-ending': 0.5,
  'finished-sentence': 0.9,
  'no-final-punctuation': 0.5,
  // No punctuation to go by, but the last clause ends on a content word: nearly the short wait.
  'open-ending': 0.7,
  'unsupported-language': 0.5,
};

const result = (reason: CompletenessReason): Completeness => ({
  score: scores[reason],
  reason,
  thinking: reason === 'thinking',
});

/** Lower case, words only, curly quotes straightened: what an STT without formatting gives. */
export function normalizeSpoken(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^\p{L}\p{N}'\s]+/gu, ' ')
    .replace(/(^|\s)'+|'+(?=\s|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const openQuestion =
  /^(?:(?:so|okay|ok|now|great|alright|and)\W+)*(?:explain|describe|tell me|walk me|talk me|talk about|how|why|what would|what are|what is|what's|can you (?:explain|describe|walk|tell|talk)|could you (?:explain|describe|walk|tell|talk)|give me)/i;

const maxQuestionBackWords = 16;

const preVerbAdverb =
  /^(?:also|just|still|usually|always|often|sometimes|mostly|mainly|really|actually|then|first|basically|probably|definitely|only|even)$/;

const sentenceFinalOrdinal = /\b(?:first|second|third|firstly|secondly|thirdly|last|lastly)\s*[.!?;]/gi;

/** The last sentence when the STT punctuates; the whole text otherwise. */
function lastSentence(text: string): string {
  const parts = text
    .trim()
    .split(/(?<=[.!?])\s+/)
    .filter(Boolean);
  return parts.at(-1) ?? '';
}

const clauseBreak =
  /^.*(?:^|\s)(?:and|but|or|so|because|cause|then|while|although|since|if|when|once|after|before|until|unless)\s/;

/** The last clause: after the last punctuation mark or joining conjunction. */
function lastClause(text: string): string {
  const segment =
    text
      .split(/[,;:.!?\u2013\u2014]+/)
      .filter((s) => s.trim())
      .at(-1) ?? '';
  return normalizeSpoken(segment).replace(clauseBreak, '');
}

function danglingTail(words: string[], spoken: string, clause: string): CompletenessReason | undefined {
  const last = words.at(-1)!;
  const before = words.at(-2);
  if (danglingWord.has(last)) return 'dangling-word';
  // "…we also", "…I usually": an adverb between the subject and its verb.
  if (before && /^(?:i|we|they|you|he|she)$/.test(before) && preVerbAdverb.test(last)) return 'dangling-word';
  // "fell over", "turned it on": a particle finishing a phrasal verb, not a preposition wanting an object.
  const objectBetween = before !== undefined && /^(?:it|them|him|her|this|that|everything)$/.test(before);
  const verb = objectBetween ? words.at(-3) : before;
  if (particle.has(last) && verb && (objectBetween ? separableVerb : phrasalVerb).test(verb))
    return undefined;
  if (adverbParticle.test(spoken)) return undefined;
  // "the part I like": the verb, not the preposition.
  if (last === 'like' && before && /^(?:i|we|you|they|people)$/.test(before)) return undefined;
  if (ellipticTo.test(spoken)) return 'stranded';
  if (preposition.has(last)) return strandingOpener.test(clause) ? 'stranded' : 'dangling-preposition';
  if (auxiliary.has(last)) {
    // "yes I would", "no we didn't": a finished reply; "what it is": stranded.
    if (before && /^(?:i|we|you|they|he|she|it|that|there)$/.test(before) && yesNo.test(spoken))
      return undefined;
    return strandingOpener.test(clause) ? 'stranded' : 'dangling-auxiliary';
  }
  if (last === 'that' && complementThatTail.test(spoken)) return 'connective';
  return undefined;
}

/**
 * How finished the transcript so far sounds, from its words alone (offline,
 * no model). English only: for another language the score is neutral (0.5)
 * and the caller leans on the vendor's end-of-turn and the silence budget.
 * Works on formatted text ("…, and.") and on spoken-style text as an STT
 * gives it without formatting (lower case, no punctuation).
 */
export function scoreCompleteness(text: string, options: CompletenessOptions = {}): Completeness {
  const said = normalizeSpoken(text);
  if (!said) return result('empty');
  if (options.language && !/^en\b/i.test(options.language)) return result('unsupported-language');
  // "…a cache, I think": the tag says nothing about whether the clause before it is finished.
  let spoken = said;
  for (let i = 0; i < 2 && trailingTag.test(spoken); i++) {
    const before = spoken.replace(trailingTag, '');
    if (before.split(' ').length < 2) break;
    spoken = before;
  }
  const words = spoken.split(' ');
  const trimmed = text.trim();

  // Order matters: the sound of thinking outranks every punctuation mark and phrase before it.
  if (fillerOnly.test(said) || thinkingTail.test(said)) return result('thinking');
  const sentence = normalizeSpoken(lastSentence(trimmed));
  // A question opening a short last sentence ("could you repeat that"); a long one is an answer that began rhetorically.
  const asksBack = questionBack.test(sentence) && sentence.split(' ').length <= maxQuestionBackWords;
  if (/\?["')\]]*$/.test(trimmed) || asksBack || repeatRequest.test(spoken)) return result('question-back');
  if (closingTail.test(spoken)) return result('closing');
  if (shortAnswer.test(spoken)) return result('short-answer');
  if (fillerTail.test(spoken)) return result('filler');
  if (connectiveTail.test(spoken) && !connectiveExceptions.test(spoken)) return result('connective');
  if (ambiguousTail.test(spoken))
    return result(/[.!]["')\]]*$/.test(trimmed) ? 'finished-sentence' : 'ambiguous-ending');
  const dangling = danglingTail(words, spoken, lastClause(trimmed));
  if (dangling && dangling !== 'stranded') return result(dangling);
  // An ordinal that ends a sentence ("try the simple option first.") opens no list.
  const list = listOpenness(listState(normalizeSpoken(trimmed.replace(sentenceFinalOrdinal, ' '))));
  if (list === 'open') return result('open-list');
  if (/(?:[,;:\-\u2013\u2014\u2026]|\.\.)["')\]]*$/.test(trimmed)) return result('continuation-mark');
  if (list === 'maybe') return result('maybe-open-list');
  if (dangling === 'stranded') return result('stranded');
  if (words.length < 4 && options.question && openQuestion.test(options.question.trim()))
    return result('too-short');
  if (/[.!]["')\]]*$/.test(trimmed)) return result('finished-sentence');
  // The STT punctuates, but not this ending: it has not seen the end of a sentence.
  if (/[.!?]\s/.test(trimmed)) return result('no-final-punctuation');
  return result('open-ending');
}
