import { withFields } from '@bot-backend/interfaces';
import { BoundedCache } from './bounded-cache.js';
import { canonicalAnswer, canonicalText, canonicalWords } from './canonical-text.js';
import { isEmptyAnswer, NO_ANSWER_FEEDBACK } from './empty-answer.js';
import { type EvaluationOptions, LLM_MARGIN_OVER_RUBRIC, NON_ANSWER_PENALTY } from './evaluation-options.js';
import type { VerbalEvaluation, VerbalEvaluationRequest } from './evaluation-schemas.js';
import { DEFAULT_FEEDBACK_MODEL } from './feedback-model.js';
import { composeFeedback, tidyList } from './feedback-text.js';
import { KEYWORD_GATE_CAP, keywordGate } from './keyword-gate.js';
import { LENGTH_GATE_CAP, lengthGate } from './length-gate.js';
import { gradeWithLlm } from './llm-grading.js';
import { llmVerbalOutputSchema } from './llm-output-schemas.js';
import { moderate } from './moderation-check.js';
import { describeFindings, detectNonAnswer } from './non-answer-detection.js';
import { anchorFor, deriveRatingScale, ungradedPhases } from './rating-scale.js';
import { rubricEvaluateVerbal } from './rubric-verbal.js';
import { toScore } from './score.js';
import { buildVerbalPrompt } from './verbal-prompt.js';

export type VerbalEvaluationInput = Omit<VerbalEvaluationRequest, 'sessionId'>;

// The canonical form of a question's keywords, worked out once per question.
const canonicalKeywordsCache = new BoundedCache<readonly string[]>(512);
function canonicalKeywordsOf(key: string): readonly string[] {
  return (JSON.parse(key) as string[]).map((k) => canonicalText(k) || k);
}

/**
 * Grades a verbal answer. Order matters and is the same for every evaluator:
 * empty-answer rule; text aimed at the grader set aside; moderation; the LLM
 * (on the answer without that text) or the rubric; then the non-answer
 * bound, the length and keyword gates, integer clamp, and feedback rules.
 * The gates run last, on what the candidate really said, so no evaluator can
 * bypass them. Both graders and both gates read the answer's canonical
 * words (canonical-text.ts), so a transcript without casing or punctuation,
 * with fillers or homophone slips, grades like the written answer.
 * Warm-up and closing answers are not graded (`graded: false`): the rubric
 * still reads them for feedback, and no LLM is asked.
 */
export async function evaluateVerbal(
  input: VerbalEvaluationInput,
  options: EvaluationOptions = {},
): Promise<VerbalEvaluation> {
  const { question } = input;
  const keywords = question.expectedKeywords ?? [];
  const analysis = detectNonAnswer(input.answer, { topicTerms: [...keywords, question.text] });
  const nonAnswer = analysis.findings.length > 0;
  const answer = nonAnswer ? analysis.cleanText : input.answer;
  // The answer is read once: its canonical words, their text and stems feed both gates, the rubric and the LLM.
  const read = canonicalAnswer(answer);
  const canonical = read.text;
  const removedWords = nonAnswer
    ? canonicalWords(analysis.findings.map((f) => f.excerpt).join(' ')).length
    : 0;
  const seen = describeFindings(analysis.findings);
  const length = lengthGate(canonical, question.minWords, read.stems.length);
  const canonicalKeywords = canonicalKeywordsCache.get(JSON.stringify(keywords), canonicalKeywordsOf);
  const keywordHits = keywordGate(canonical, canonicalKeywords, read.stems);
  const keyword = {
    fired: keywordHits.fired,
    matched: keywords.filter((_, i) => keywordHits.matched.includes(canonicalKeywords[i] ?? '')),
  };
  const empty = isEmptyAnswer(answer);
  const gates = { empty, length: length.fired, keyword: keyword.fired, nonAnswer };
  const nonAnswerKinds = analysis.findings.map((f) => ({ kind: f.kind, excerpt: f.excerpt }));
  const graded = !ungradedPhases.has(question.phase ?? '');
  const scale = question.scale ?? deriveRatingScale(question);

  // Rule 1: no LLM call, no moderation, score 0.
  if (empty) {
    return {
      score: 0,
      feedback: composeFeedback([NO_ANSWER_FEEDBACK, seen], '', ''),
      strengths: [],
      improvements: ['Answer the question.'],
      gates,
      evaluator: 'rubric',
      model: null,
      matchedKeywords: [],
      nonAnswer: nonAnswerKinds,
      graded,
      scale,
      anchor: null,
    };
  }

  // The question with its scale, for the rubric and the LLM's prompt alike.
  const scaled = withFields(question, { scale });
  const rubric = rubricEvaluateVerbal({
    question: scaled,
    answer,
    removedWords,
    canonical: read,
  });
  const model = options.model ?? DEFAULT_FEEDBACK_MODEL;
  let result: {
    evaluator: 'llm' | 'rubric';
    score: number;
    feedback: string;
    strengths: string[];
    improvements: string[];
    model: string | null;
  } = {
    evaluator: 'rubric',
    score: rubric.score,
    feedback: rubric.feedback,
    strengths: rubric.strengths,
    improvements: rubric.improvements,
    model: null,
  };
  let fallbackReason: VerbalEvaluation['fallbackReason'];

  if (options.llm && graded) {
    const moderation = await moderate(options.moderator, input.answer, options);
    if (moderation.ok) {
      const llmGrade = await gradeWithLlm(
        options.llm,
        buildVerbalPrompt(
          withFields(input, {
            question: scaled,
            answer: canonical,
            nonce: options.nonce,
          }),
        ),
        { name: 'answer_evaluation', schema: llmVerbalOutputSchema },
        { model, signal: options.signal, timeoutMs: options.timeoutMs },
      );
      if (llmGrade.ok) {
        const llmScore = nonAnswer
          ? Math.min(llmGrade.output.score, rubric.score + LLM_MARGIN_OVER_RUBRIC)
          : llmGrade.output.score;
        result = {
          evaluator: 'llm',
          score: llmScore,
          feedback: llmGrade.output.feedback,
          strengths: llmGrade.output.strengths,
          improvements: llmGrade.output.improvements,
          model: llmGrade.model,
        };
      } else {
        fallbackReason = llmGrade.reason;
      }
    } else {
      fallbackReason = moderation.reason;
    }
  }

  let score = result.score;
  if (nonAnswer) score -= NON_ANSWER_PENALTY;
  if (length.fired) score = Math.min(score, LENGTH_GATE_CAP);
  if (keyword.fired) score = Math.min(score, KEYWORD_GATE_CAP);
  score = toScore(score);

  const notes = [
    seen,
    length.fired ? `Too short (${length.words} of ${length.minWords} words).` : undefined,
    // Rule 5 reads the words themselves; the rubric also counts a point shown without its word
    // ("Python" for languages), so "no point mentioned" would contradict its "shows 2 of 4".
    keyword.fired ? 'None of the expected keywords is named.' : undefined,
  ];
  return {
    score,
    feedback: composeFeedback(notes, result.feedback, rubric.feedback),
    strengths: tidyList(result.strengths),
    improvements: tidyList(result.improvements),
    gates,
    evaluator: result.evaluator,
    model: result.model,
    ...(fallbackReason ? { fallbackReason } : {}),
    matchedKeywords: keyword.matched,
    nonAnswer: nonAnswerKinds,
    graded,
    scale,
    anchor: anchorFor(score) ?? null,
  };
}
