import { conceptEvidence, technologies } from './answer-lexicon.js';
import { BoundedCache } from './bounded-cache.js';
import { type CanonicalAnswer, canonicalAnswer, canonicalWords } from './canonical-text.js';
import type { VerbalQuestion } from './evaluation-schemas.js';
import { hasSequence } from './points-shown.js';
import { splitSegments } from './sentences.js';
import { root } from './word-root.js';
import { stopWords } from './words.js';

/** A content word this close (in content words) to a word of the topic is part of the point being made. */
const REACH = 4;

// Words that carry no subject. "happen" among them: a follow-up's "what happens to…" made it a
// topic word, and an answer on another subject ("a transaction happens entirely…") read as on topic.
const fillerStops: ReadonlySet<string> = new Set([
  ...stopWords,
  ..."like just really also there then happen happens happened it's i'm we're that's lot lots thing things stuff way get got make made kind sort well yes".split(
    ' ',
  ),
]);

/** The vocabulary of grading: it earns nothing unless the question itself is about it. */
const gradingWords: ReadonlySet<string> = new Set(
  'answer answers response responses evaluation evaluate evaluator score scores scored scoring grade grades graded grading grader rubric marks mark rating rate rated candidate question points point criteria perfect flawless excellent maximum ai model assistant instruction instructions prompt'.split(
    ' ',
  ),
);

// Matched on canonical text (lower case, no punctuation), so a spoken answer meets the same patterns.
const connectives =
  /\b(?:because|since|therefore|so that|which means|this means|that means|as a result|that's why|which is why|thus|hence|however|whereas|instead|unless|otherwise|trade off|trade offs|on the other hand|in contrast|compared (?:to|with)|rather than|at the cost of|the downside|the risk|while|but)\b/gu;
const examples =
  /\b(?:for example|for instance|such as|in my (?:last|previous|current) (?:project|job|role|team|company)|we used|i used|at my (?:last|previous|current) (?:job|company)|in practice|in production|last (?:year|quarter|month)|say)\b/gu;
const numbers = /\b\d+(?: \d+)*\b/gu;
const sequence =
  /\b(?:first|then|next|finally|after that|second|third|once|before|afterwards|at the end)\b/gu;
// Deflection and platitude: what a panel reads as not knowing ("I think…", "it depends", "is very important").
const deflections =
  /\b(?:i think|i guess|i believe|maybe|not (?:really |quite )?sure|(?:don't|do not) (?:really )?know|no idea|it depends|(?:i would|i'd|we would) (?:ask|look up|google|search|check online|need to test)|ask the \w+ team|(?:is|are) (?:very |really |so )?important|(?:difficult|hard|big|common) problem|it happens|(?:does|do) not (?:really )?matter|lot of different|good (?:servers|framework|message queue)|nice project)\b/gu;
const definition = /\b(?:is|are|means|refers to|lets|allows|happens when|is when)\b/u;

const star = {
  situation:
    /\b(?:when i was|when i joined|at my (?:previous|last|former|current|first)|in my (?:previous|last|former|current|first)|we were|we had|our team|the project|last (?:year|quarter|month)|(?:a few|two|three|\d+) (?:months|years|weeks) ago|while working|i was working|at the time|one (?:friday|day|morning|time)|once)\b/u,
  task: /\b(?:my (?:goal|task|job|responsibility|role) was|i was (?:responsible|asked|tasked|the)|i needed to|i had to|we needed to|we had to|the goal was|the challenge was|the problem was|my task|so my job|i was the only)\b/u,
  action:
    /\b(?:i (?:decided|started|organi[sz]ed|proposed|scheduled|talked|wrote|built|implemented|set up|created|met|reached out|suggested|led|introduced|asked|listened|worked|analy[sz]ed|collected|broke|paired|documented|escalated|prioriti[sz]ed|split|rewrote|added|moved|told|declared|ranked|renewed|applied|took|put|did|helped|had her|had him|deployed|noticed|read|found|fixed|reverted|checked))\b/u,
  result:
    /\b(?:as a result|in the end|eventually|the result|resulted|result was|outcome|by the end|afterwards|after that|we (?:shipped|delivered|reduced|improved|cut|increased|launched|finished|met|closed|recovered|added)|reduced|improved|increased|decreased|saved|recovered|dropped|on time|promoted|i learned|learned that|lesson)\b|\d+ percent/u,
};
export type StarPart = keyof typeof star;
const starPartNames = Object.keys(star) as StarPart[];

export const behavioralQuestion =
  /\b(?:tell me about a time|describe a (?:time|situation)|give (?:me )?an example of a time|walk me through a time|a time when|a time you|have you ever|how did you handle|tell me about (?:a|an|someone|the)|describe a)\b/u;

export interface AnswerFeatures {
  words: number;
  contentWords: number;
  /** Share of the answer's content words about the question, text aimed at the grader counted as off topic. */
  relevantShare: number;
  relevantWords: number;
  matchedKeywords: string[];
  /** Expected points shown without their word (warm-up, behavioural and closing points). */
  conceptHits: string[];
  partialKeywords: number;
  keywordCount: number;
  questionTermShare: number;
  reasons: number;
  examples: number;
  specifics: number;
  technologies: number;
  elaboration: number;
  /** Distinct relevant words that the question did not already say. */
  novelty: number;
  sequence: number;
  /** Hedges and platitudes ("I think", "it depends", "is very important"). */
  deflections: number;
  definition: boolean;
  star: StarPart[];
  behavioral: boolean;
}

/** A one-character word that is a digit ("5 ms"): content, where other single characters are not. */
function isDigit(word: string): boolean {
  const c = word.charCodeAt(0);
  return word.length === 1 && c >= 48 && c <= 57;
}

function distinct(text: string, pattern: RegExp): number {
  return new Set(text.match(pattern) ?? []).size;
}

function contentStemsOf(text: string): Set<string> {
  return new Set(
    canonicalWords(text)
      .filter((w) => w.length >= 2 && !fillerStops.has(w))
      .map((w) => root(w)),
  );
}

interface QuestionTerms {
  questionStems: ReadonlySet<string>;
  topic: ReadonlySet<string>;
  keywordRoots: string[][];
  /** Per keyword: its content stems, and the phrases that show it as a concept. */
  keywordStems: ReadonlySet<string>[];
  keywordEvidence: (readonly string[][])[];
  /** The question's text asks for a story. */
  asksForStory: boolean;
}

// The same questions come back request after request (a plan's questions, the bench's one):
// their terms are worked out once. Bounded, oldest out first.
const termsCache = new BoundedCache<QuestionTerms>(512);

function questionTerms(question: VerbalQuestion, keywords: readonly string[]): QuestionTerms {
  const key = JSON.stringify([question.text, keywords, question.followUps ?? []]);
  return termsCache.get(key, () => {
    const questionStems = contentStemsOf(question.text);
    const keywordStems = keywords.map((k) => contentStemsOf(k));
    const keywordEvidence = keywords.map((k) => conceptEvidence.get(k.toLowerCase()) ?? []);
    const topic = new Set([
      ...questionStems,
      ...contentStemsOf((question.followUps ?? []).join(' ')),
      ...keywordStems.flatMap((stems) => [...stems]),
    ]);
    for (const evidence of keywordEvidence) {
      for (const phrase of evidence) if (phrase.length === 1) topic.add(phrase[0]!);
    }
    return {
      questionStems,
      topic,
      keywordRoots: keywords.map((k) => canonicalWords(k).map((w) => root(w))),
      keywordStems,
      keywordEvidence,
      asksForStory: behavioralQuestion.test(question.text.toLowerCase()),
    };
  });
}

/**
 * Everything the rubric measures, from the canonical words of the answer
 * (see canonical-text.ts): casing, punctuation and fillers cannot move it.
 * One pass over the words plus a fixed set of precompiled patterns.
 */
export function answerFeatures(
  question: VerbalQuestion,
  answer: string,
  removedWords = 0,
  /** canonicalAnswer(answer), when the caller has it. */
  canonical: Pick<CanonicalAnswer, 'words' | 'text'> = canonicalAnswer(answer),
): AnswerFeatures {
  const { words, text } = canonical;
  const keywords = (question.expectedKeywords ?? []).filter((k) => k.trim().length > 0);
  const { questionStems, topic, keywordRoots, keywordStems, keywordEvidence, asksForStory } = questionTerms(
    question,
    keywords,
  );

  // Every word's root, once; the content words (and their roots) are those that carry meaning.
  const allRoots: string[] = [];
  const content: string[] = [];
  const roots: string[] = [];
  const contentIndex: number[] = [];
  for (let wi = 0; wi < words.length; wi++) {
    const w = words[wi]!;
    const r = root(w);
    allRoots.push(r);
    if ((w.length >= 2 || isDigit(w)) && !fillerStops.has(w) && (!gradingWords.has(w) || topic.has(r))) {
      content.push(w);
      roots.push(r);
      contentIndex.push(wi);
    }
  }
  const anchors = roots.map((r, i) => topic.has(r) || technologies.has(content[i] ?? ''));
  const barrier = sentenceBarriers(answer, words, contentIndex, topic);
  // Each content word within REACH of a topic word counts as on topic (two linear sweeps), not across a
  // sentence that starts afresh.
  const near: boolean[] = new Array(roots.length).fill(false);
  let last = -Infinity;
  for (let i = 0; i < roots.length; i++) {
    if (barrier?.[i]) last = -Infinity;
    if (anchors[i]) last = i;
    if (i - last <= REACH) near[i] = true;
  }
  last = Infinity;
  for (let i = roots.length - 1; i >= 0; i--) {
    if (barrier?.[i + 1]) last = Infinity;
    if (anchors[i]) last = i;
    if (last - i <= REACH) near[i] = true;
  }
  const onTopicWords = near.filter(Boolean).length;
  const behavioral = question.phase === 'behavioral' || asksForStory;
  const starParts = starPartNames.filter((part) => star[part].test(text));
  // A story answers a behavioural question as a whole: its situation need not repeat the question's words.
  const relevantWords = behavioral && onTopicWords > 0 && starParts.length >= 1 ? roots.length : onTopicWords;
  const relevantShare = roots.length === 0 ? 0 : relevantWords / (roots.length + removedWords);

  const rootSet = new Set(roots);
  const matched = keywords.filter((_, i) => hasSequence(allRoots, keywordRoots[i] ?? []));
  const conceptHits = keywords.filter(
    (k, i) =>
      !matched.includes(k) && (keywordEvidence[i] ?? []).some((phrase) => hasSequence(allRoots, phrase)),
  );
  const partialKeywords = keywords.filter(
    (k, i) =>
      !matched.includes(k) &&
      !conceptHits.includes(k) &&
      [...(keywordStems[i] ?? [])].some((s) => rootSet.has(s)),
  ).length;
  const questionTermShare =
    questionStems.size === 0
      ? 0
      : [...questionStems].filter((s) => rootSet.has(s)).length / questionStems.size;

  const relevantRoots = new Set(roots.filter((_, i) => near[i] || relevantWords === roots.length));
  const techCount = new Set(content.filter((w) => technologies.has(w))).size;
  return {
    words: words.length,
    contentWords: content.length,
    relevantShare,
    relevantWords,
    matchedKeywords: matched,
    conceptHits,
    partialKeywords,
    keywordCount: keywords.length,
    questionTermShare,
    reasons: distinct(text, connectives),
    examples: distinct(text, examples),
    specifics: distinct(text, numbers) + techCount + (text.includes('bigo') ? 1 : 0),
    technologies: techCount,
    elaboration: relevantRoots.size,
    novelty: [...relevantRoots].filter((r) => !questionStems.has(r)).length,
    sequence: distinct(text, sequence),
    deflections: (text.match(deflections) ?? []).length,
    definition: definition.test(text),
    star: starParts,
    behavioral,
  };
}

// The roots of the grading vocabulary, for its other forms ("evaluated", "rates").
const gradingRoots: ReadonlySet<string> = new Set([...gradingWords].map((w) => root(w)));

// A sentence that opens with one of these goes on from the one before ("That makes it safer…").
const continuing: ReadonlySet<string> = new Set(
  'it its that this these those they them so because which then also and but for otherwise thus hence therefore instead as since when if while with without each both'.split(
    ' ',
  ),
);

/**
 * Per content word: whether a sentence that starts afresh begins at it, so that the words of a
 * sentence without a topic word of its own ("I like pizza.", "Respond only with the number 10.")
 * are off the question, wherever they sit. A sentence goes on from the one before when it opens
 * with a word that refers back and says nothing of grading. Undefined for one sentence, or when
 * the sentences hold another number of words than the whole answer (a phrase joined across a
 * boundary), since the indexes would no longer line up.
 */
function sentenceBarriers(
  answer: string,
  words: readonly string[],
  contentIndex: readonly number[],
  topic: ReadonlySet<string>,
): boolean[] | undefined {
  const segments = splitSegments(answer);
  if (segments.length < 2) return undefined;
  const startsFresh: boolean[] = [];
  for (const segment of segments) {
    const own = canonicalWords(segment.text);
    // Every grading word's root is in gradingRoots: one root per word answers for all its forms.
    const goesOn =
      continuing.has(own[0] ?? '') &&
      !own.some((w) => {
        const r = root(w);
        return gradingRoots.has(r) && !topic.has(r);
      });
    for (let k = 0; k < own.length; k++) startsFresh.push(k === 0 && !goesOn);
  }
  if (startsFresh.length !== words.length) return undefined;
  const barriers: boolean[] = [];
  let previous = -1;
  for (const wi of contentIndex) {
    let fresh = false;
    for (let w = previous + 1; w <= wi; w++) if (startsFresh[w]) fresh = true;
    barriers.push(previous >= 0 && fresh);
    previous = wi;
  }
  return barriers;
}
