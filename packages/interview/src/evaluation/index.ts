export { type DelimitedText, delimit } from './answer-delimiter.js';
export { canonicalText, canonicalWords } from './canonical-text.js';
export { buildCodePrompt, type CodePromptInput } from './code-prompt.js';
export { analyzeCode, type CodeFacts } from './code-static-analysis.js';
export { isEmptyAnswer, NO_ANSWER_FEEDBACK } from './empty-answer.js';
export {
  boundByTests,
  type CodeEvaluationInput,
  type CodeEvaluationOptions,
  ENTRY_POINT_GATE_CAP,
  evaluateCode,
  SYNTAX_GATE_CAP,
} from './evaluate-code.js';
export { evaluateVerbal, type VerbalEvaluationInput } from './evaluate-verbal.js';
export { type EvaluationOptions, LLM_MARGIN_OVER_RUBRIC, NON_ANSWER_PENALTY } from './evaluation-options.js';
export * from './evaluation-schemas.js';
export { clampFeedback, FEEDBACK_MAX_CHARS } from './feedback-clamp.js';
export { DEFAULT_FEEDBACK_MODEL } from './feedback-model.js';
export { preloadCodeAnalysis } from './js-static-analysis.js';
export { KEYWORD_GATE_CAP, keywordGate } from './keyword-gate.js';
export { matchKeywords } from './keyword-match.js';
export { DEFAULT_MIN_WORDS, LENGTH_GATE_CAP, lengthGate } from './length-gate.js';
export { gradeWithLlm, type LlmGrade } from './llm-grading.js';
export { llmCodeOutputSchema, llmVerbalOutputSchema } from './llm-output-schemas.js';
export {
  describeFindings,
  detectNonAnswer,
  type NonAnswerAnalysis,
  type NonAnswerFinding,
  type NonAnswerKind,
} from './non-answer-detection.js';
export {
  type AnchorLevel,
  anchorFor,
  anchorLevels,
  deriveRatingScale,
  type RatingScale,
  ratingScaleSchema,
  ungradedPhases,
} from './rating-scale.js';
export { type RubricCodeResult, rubricEvaluateCode, STATIC_CORRECTNESS_MAX } from './rubric-code.js';
export { type RubricVerbalResult, rubricEvaluateVerbal } from './rubric-verbal.js';
export { toScore } from './score.js';
export { stem } from './stem.js';
export { stripLeadingPleasantries } from './thank-you-stripping.js';
export { foldLookAlikes } from './unicode-fold.js';
export { buildVerbalPrompt, type VerbalPromptInput } from './verbal-prompt.js';
export { countWords } from './words.js';
