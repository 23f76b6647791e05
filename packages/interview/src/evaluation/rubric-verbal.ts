import type { VerbalQuestion } from './evaluation-schemas.js';
import { matchKeywords } from './keyword-match.js';
import { splitSegments } from './sentences.js';
import { stem } from './stem.js';
import { functionWords, stopWords, tokenize } from './words.js';

export interface RubricVerbalInput {
  question: VerbalQuestion;
  /** The answer with non-answer text already removed. */
  answer: string;
}

export interface RubricVerbalResult {
  /** Before gates; 0–10. */
  score: number;
  feedback: string;
  strengths: string[];
  improvements: string[];
  matchedKeywords: string[];
  /** The parts, each 0–1, for tests and logs. */
  parts: { coverage: number; followUps: number; depth: number; structure: number; relevant: number };
}

const behavioralQuestion =
  /\b(?:tell me about a time|describe a (?:time|situation)|give (?:me )?an example of a time|walk me through a time|a time when|have you ever|how did you handle|conflict|disagree(?:d|ment)?)\b/iu;

const connectives =
  /\b(?:because|since|therefore|so that|which means|this means|that means|as a result|that's why|thus|hence|however|whereas|instead|unless|otherwise|trade-?offs?|on the other hand|in contrast|compared (?:to|with)|rather than|while|but)\b/giu;
const examples =
  /\b(?:for example|for instance|e\.g\.|such as|in my (?:last|previous|current) (?:project|job|role|team)|we used|i used|at my (?:last|previous) (?:job|company)|in practice|in production)\b/giu;
const specifics =
  /\b\d+(?:\.\d+)?\s*(?:%|ms|s|kb|mb|gb|tb|x|k|rps|qps)?\b|\b[A-Z]{2,}\b|\b[a-z]+[A-Z]\w*\b|\b\w+_\w+\b|\bO\([^)]*\)/gu;

const star = {
  situation:
    /\b(?:when i was|at my (?:previous|last|former|current)|in my (?:previous|last|former|current)|we were|our team|the project|last year|a few (?:months|years) ago|while working|i was working|at the time)\b/iu,
  task: /\b(?:my (?:goal|task|job|responsibility|role) was|i was (?:responsible|asked|tasked)|i needed to|i had to|we needed to|we had to|the goal was|the challenge was|the problem was)\b/iu,
  action:
    /\b(?:i (?:decided|started|organi[sz]ed|proposed|scheduled|talked|wrote|built|implemented|set up|created|met|reached out|suggested|led|introduced|asked|listened|worked|analy[sz]ed|collected|broke|paired|documented|escalated|prioriti[sz]ed|split|rewrote|added|moved))\b/iu,
  result:
    /\b(?:as a result|in the end|eventually|the result|resulted|result was|outcome|we (?:shipped|delivered|reduced|improved|cut|increased|launched|finished|met)|reduced|improved|increased|decreased|saved|i learned|learned that|lesson)\b|\d+\s*%/iu,
};

const continuation =
  /^(?:it|this|that|these|those|they|so|because|for example|for instance|which|then|also|however|but|and|as a result|otherwise|in that case|here)\b/iu;

function contentStems(text: string): Set<string> {
  return new Set(
    tokenize(text)
      .filter((t) => t.word.length >= 3 && !stopWords.has(t.word))
      .map((t) => stem(t.word)),
  );
}

function countDistinct(text: string, pattern: RegExp): number {
  return new Set([...text.matchAll(pattern)].map((m) => m[0].toLowerCase())).size;
}

function saturate(value: number, at: number): number {
  return Math.min(1, value / at);
}

function depthNote(depth: number, missing: readonly string[]): string {
  const wanted = missing.filter((m) => m.length > 0);
  if (depth >= 0.6 || wanted.length === 0) return 'Good depth.';
  return `${depth >= 0.3 ? 'Some depth' : 'Little depth'}; add ${listWords(wanted)}.`;
}

function listWords(items: readonly string[]): string {
  return items.length <= 3
    ? items.join(', ')
    : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}

/**
 * The offline evaluator: deterministic, and every point traceable to
 * something in the answer. Coverage counts expected keywords (and the
 * question's own terms) only inside real sentences about the question;
 * depth looks for reasons, examples and specifics; structure for behavioral
 * questions is situation, task, action, result.
 */
export function rubricEvaluateVerbal(input: RubricVerbalInput): RubricVerbalResult {
  const { question, answer } = input;
  const keywords = (question.expectedKeywords ?? []).filter((k) => k.trim().length > 0);
  const questionTerms = contentStems(question.text);
  const followUpTerms = contentStems((question.followUps ?? []).join(' '));
  const topicTerms = new Set([
    ...questionTerms,
    ...followUpTerms,
    ...keywords.flatMap((k) => [...contentStems(k)]),
  ]);

  // Real sentences: several words, with the grammar of prose.
  const sentences = splitSegments(answer).filter((s) => {
    const tokens = tokenize(s.text);
    return tokens.length >= 4 && tokens.some((t) => functionWords.has(t.word));
  });
  const behavioral = question.phase === 'behavioral' || behavioralQuestion.test(question.text);
  let relevant: string[] = [];
  let previousRelevant = false;
  for (const sentence of sentences) {
    const stems = tokenize(sentence.text).map((t) => stem(t.word));
    const about: boolean =
      stems.some((s) => topicTerms.has(s)) || (previousRelevant && continuation.test(sentence.text));
    if (about) relevant.push(sentence.text);
    previousRelevant = about;
  }
  // A story answers a behavioral question as a whole: its situation need not repeat the question's words.
  if (behavioral && relevant.length > 0) relevant = sentences.map((s) => s.text);
  const relevantText = relevant.join(' ');
  const relevantShare = sentences.length === 0 ? 0 : relevant.length / sentences.length;

  const matchedKeywords = keywords.length > 0 ? matchKeywords(relevantText, keywords) : [];
  const relevantStems = contentStems(relevantText);
  const matchedTerms = [...questionTerms].filter((t) => relevantStems.has(t)).length;
  const termCoverage = saturate(matchedTerms, Math.max(1, Math.min(3, Math.ceil(questionTerms.size / 2))));
  // Half credit for a keyword of several words met only in part ("partition" for "partition tolerance").
  const partial = keywords.filter(
    (k) => !matchedKeywords.includes(k) && [...contentStems(k)].some((s) => relevantStems.has(s)),
  ).length;
  const coverage =
    keywords.length > 0
      ? 0.85 * ((matchedKeywords.length + 0.5 * partial) / keywords.length) + 0.15 * termCoverage
      : termCoverage;
  const followUps =
    followUpTerms.size === 0
      ? coverage
      : [...followUpTerms].filter((t) => relevantStems.has(t)).length / followUpTerms.size;

  const reasons = countDistinct(relevantText, connectives);
  const exampleCount = countDistinct(relevantText, examples);
  const specificCount = countDistinct(relevantText, specifics);
  const elaboration = relevantStems.size;
  const depth =
    0.3 * saturate(reasons, 3) +
    0.2 * saturate(exampleCount, 1) +
    0.2 * saturate(specificCount, 3) +
    0.3 * saturate(elaboration, 35);

  const starHits = Object.entries(star).filter(([, pattern]) => pattern.test(relevantText));
  const structure = behavioral
    ? starHits.length / 4
    : 0.6 * saturate(relevant.length, 4) +
      0.2 * (/\b(?:is|are|means|refers to|lets|allows)\b/iu.test(relevant[0] ?? '') ? 1 : 0) +
      0.2 * (reasons > 0 || exampleCount > 0 ? 1 : 0);

  const weighted = behavioral
    ? 0.25 * coverage + 0.1 * followUps + 0.3 * depth + 0.35 * structure
    : 0.45 * coverage + 0.1 * followUps + 0.3 * depth + 0.15 * structure;
  const score = relevant.length === 0 ? 0 : Math.round(10 * weighted * (0.5 + 0.5 * relevantShare));

  const strengths: string[] = [];
  const improvements: string[] = [];
  const missing = keywords.filter((k) => !matchedKeywords.includes(k));
  if (keywords.length > 0) {
    if (matchedKeywords.length > 0) strengths.push(`Covers ${listWords(matchedKeywords)}.`);
    if (missing.length > 0) improvements.push(`Explain ${listWords(missing)}.`);
  }
  if (reasons > 0) strengths.push('Gives reasons, not just facts.');
  else improvements.push('Say why, not only what (because, trade-offs).');
  if (exampleCount > 0) strengths.push('Uses a concrete example.');
  else improvements.push('Add a concrete example.');
  if (specificCount >= 2) strengths.push('Includes specifics.');
  if (behavioral) {
    const absent = Object.keys(star).filter((part) => !starHits.some(([hit]) => hit === part));
    if (absent.length === 0) strengths.push('Follows situation, task, action, result.');
    else improvements.push(`Describe the ${listWords(absent)}.`);
  }
  if (relevant.length < sentences.length) improvements.push('Stay on the question.');

  const feedback =
    relevant.length === 0
      ? 'The answer does not address the question.'
      : [
          keywords.length > 0
            ? `Covers ${matchedKeywords.length} of ${keywords.length} expected points${missing.length > 0 ? `; missing ${listWords(missing)}` : ''}.`
            : `Addresses the question in ${relevant.length} sentence${relevant.length === 1 ? '' : 's'}.`,
          depthNote(depth, [
            reasons === 0 ? 'reasons' : '',
            exampleCount === 0 ? 'an example' : '',
            specificCount < 2 ? 'specifics' : '',
            elaboration < 20 ? 'more detail' : '',
          ]),
          behavioral ? `STAR: ${starHits.length} of 4 parts.` : '',
        ]
          .filter((part) => part.length > 0)
          .join(' ');

  return {
    score,
    feedback,
    strengths,
    improvements,
    matchedKeywords,
    parts: { coverage, followUps, depth, structure, relevant: relevantShare },
  };
}
