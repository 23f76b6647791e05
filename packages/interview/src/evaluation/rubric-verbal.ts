import { type AnswerFeatures, answerFeatures, type StarPart } from './answer-features.js';
import type { CanonicalAnswer } from './canonical-text.js';
import type { VerbalQuestion } from './evaluation-schemas.js';
import {
  type AnchorLevel,
  anchorFor,
  deriveRatingScale,
  type RatingScale,
  ungradedPhases,
} from './rating-scale.js';

export interface RubricVerbalInput {
  question: VerbalQuestion;
  /** The answer with non-answer text already removed. */
  answer: string;
  /** Content words of text aimed at the grader that was removed: counted as off the question. */
  removedWords?: number | undefined;
  /** canonicalAnswer(answer), when the caller has it. */
  canonical?: CanonicalAnswer | undefined;
}

export interface RubricVerbalResult {
  /** Before gates; 0–10. */
  score: number;
  feedback: string;
  strengths: string[];
  improvements: string[];
  matchedKeywords: string[];
  /** The question's rating scale and the anchor the score reaches (none below 2). */
  scale: RatingScale;
  anchor: AnchorLevel | undefined;
  /** The parts, each 0–1, for tests and logs. */
  parts: {
    coverage: number;
    elaboration: number;
    reasons: number;
    specifics: number;
    structure: number;
    relevant: number;
  };
}

// Weights of the parts, each 0–1; they sum to 10. Fitted on the dev half of the graded set
// (graded-set/*.json) and checked on the held-out half.
const technicalWeights = { coverage: 3, elaboration: 6.25, reasons: 0.25, specifics: 0.25, structure: 0 };
const storyWeights = { coverage: 2.75, elaboration: 6, reasons: 0.25, specifics: 0, structure: 0.75 };
// Each hedge or platitude ("I think", "it depends", "is very important") costs this much, twice at most.
const DEFLECTION_COST = 0.5;
// Relevance scales the whole: an answer mostly beside the question keeps a fifth at most.
const RELEVANCE_FLOOR = 0.2;
const RELEVANCE_FULL = 0.6;
// Elaboration grows with the square root of the distinct relevant words the question did not already
// say, beyond the first few that any sentence on the topic has.
const ELABORATION_FREE = 3;
const ELABORATION_FULL = 30;

const starNames: Record<StarPart, string> = {
  situation: 'situation',
  task: 'task',
  action: 'action',
  result: 'result',
};

function saturate(value: number, at: number): number {
  return Math.min(1, value / at);
}

function listWords(items: readonly string[]): string {
  return items.length <= 3
    ? items.join(', ')
    : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}

function parts(f: AnswerFeatures) {
  const hits = f.matchedKeywords.length + f.conceptHits.length + 0.5 * f.partialKeywords;
  const coverage =
    f.keywordCount > 0 ? Math.min(1, hits / Math.min(f.keywordCount, 4)) : saturate(f.questionTermShare, 0.5);
  return {
    coverage,
    elaboration: Math.min(1, Math.sqrt(Math.max(0, f.novelty - ELABORATION_FREE) / ELABORATION_FULL)),
    reasons: saturate(f.reasons, 2),
    specifics: saturate(f.examples + f.specifics, 4),
    structure: f.behavioral ? f.star.length / 4 : 0,
    relevant: f.relevantShare,
  };
}

/**
 * The offline evaluator: deterministic, and every point traceable to
 * something in the answer. It reads the canonical words of the answer (see
 * canonical-text.ts), so casing, punctuation, fillers and homophone slips
 * do not move it. Coverage counts the expected points (or, for warm-up,
 * behavioural and closing questions, evidence of them); elaboration, the
 * distinct relevant things said beyond the question's own words; reasons
 * and specifics, depth; a behavioural answer's structure is situation,
 * task, action, result. Relevance scales the whole, and the score is read
 * against the question's rating scale.
 */
export function rubricEvaluateVerbal(input: RubricVerbalInput): RubricVerbalResult {
  const { question, answer } = input;
  const f = answerFeatures(question, answer, input.removedWords ?? 0, input.canonical);
  const p = parts(f);
  const weights = f.behavioral ? storyWeights : technicalWeights;
  const quality =
    weights.coverage * p.coverage +
    weights.elaboration * p.elaboration +
    weights.reasons * p.reasons +
    weights.specifics * p.specifics +
    weights.structure * p.structure;
  const relevance = RELEVANCE_FLOOR + (1 - RELEVANCE_FLOOR) * saturate(p.relevant, RELEVANCE_FULL);
  const deflection = DEFLECTION_COST * Math.min(2, f.deflections);
  const score =
    f.relevantWords === 0 ? 0 : Math.max(0, Math.min(10, Math.round(quality * relevance - deflection)));
  const scale = question.scale ?? deriveRatingScale(question);
  const anchor = anchorFor(score);

  const keywords = (question.expectedKeywords ?? []).filter((k) => k.trim().length > 0);
  const shown = [...f.matchedKeywords, ...f.conceptHits];
  const missing = keywords.filter((k) => !shown.includes(k));
  const strengths: string[] = [];
  const improvements: string[] = [];
  if (shown.length > 0) strengths.push(`Covers ${listWords(shown)}.`);
  if (missing.length > 0) improvements.push(`Explain ${listWords(missing)}.`);
  if (f.reasons > 0) strengths.push('Gives reasons, not just facts.');
  else improvements.push('Say why, not only what (because, trade-offs).');
  // Feedback says what the answer has: one example given is not "add an example".
  const concrete = f.examples + f.specifics;
  if (concrete > 1) strengths.push('Concrete: examples and specifics.');
  else if (concrete === 1) improvements.push('Add a second concrete example, or numbers.');
  else improvements.push('Add a concrete example or numbers.');
  if (f.behavioral) {
    const absent = (Object.keys(starNames) as StarPart[]).filter((part) => !f.star.includes(part));
    if (absent.length === 0) strengths.push('Follows situation, task, action, result.');
    else improvements.push(`Describe the ${listWords(absent.map((a) => starNames[a]))}.`);
  }
  if (p.relevant < 0.8 && f.relevantWords > 0) improvements.push('Stay on the question.');

  const feedback =
    f.relevantWords === 0
      ? 'The answer does not address the question.'
      : [
          keywords.length > 0
            ? `Shows ${shown.length} of ${keywords.length} expected points${missing.length > 0 ? `; missing ${listWords(missing)}` : ''}.`
            : '',
          // Warm-up and closing answers are not graded: no reading against the scale.
          ungradedPhases.has(question.phase ?? '')
            ? ''
            : anchor === undefined
              ? 'Below the scale’s 2: little substance on the question.'
              : `Reaches the scale’s ${anchor}.`,
          f.behavioral ? `STAR: ${f.star.length} of 4 parts.` : '',
        ]
          .filter((part) => part.length > 0)
          .join(' ');

  return {
    score,
    feedback,
    strengths,
    improvements,
    matchedKeywords: f.matchedKeywords,
    scale,
    anchor,
    parts: {
      coverage: p.coverage,
      elaboration: p.elaboration,
      reasons: p.reasons,
      specifics: p.specifics,
      structure: p.structure,
      relevant: p.relevant,
    },
  };
}
