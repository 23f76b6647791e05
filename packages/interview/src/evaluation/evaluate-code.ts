import { withFields } from '@bot-backend/interfaces';
import { commentsAndStrings, isEmptyCode } from './code-comments.js';
import { buildCodePrompt } from './code-prompt.js';
import { analyzeCode } from './code-static-analysis.js';
import { type EvaluationOptions, LLM_MARGIN_OVER_RUBRIC, NON_ANSWER_PENALTY } from './evaluation-options.js';
import type { CodeEvaluation, CodeEvaluationRequest, CodeTests } from './evaluation-schemas.js';
import { DEFAULT_FEEDBACK_MODEL } from './feedback-model.js';
import { composeFeedback, tidyList } from './feedback-text.js';
import { gradeWithLlm } from './llm-grading.js';
import { llmCodeOutputSchema } from './llm-output-schemas.js';
import { moderate } from './moderation-check.js';
import { describeFindings, detectNonAnswer, type NonAnswerFinding } from './non-answer-detection.js';
import { rubricEvaluateCode } from './rubric-code.js';
import { toScore } from './score.js';

export type CodeEvaluationInput = Omit<CodeEvaluationRequest, 'sessionId'>;

export const SYNTAX_GATE_CAP = 2;
export const ENTRY_POINT_GATE_CAP = 3;

export interface CodeEvaluationOptions extends EvaluationOptions {
  /**
   * Runs the code against the question's tests (the sandbox, when there is
   * one). Its pass rate bounds the score: under half passing caps at 4, any
   * failure rules out 10.
   */
  runTests?: ((input: CodeEvaluationInput) => Promise<CodeTests | undefined>) | undefined;
}

/** The pass-rate bound on a score. */
export function boundByTests(score: number, tests: CodeTests | undefined): number {
  if (!tests || tests.total === 0) return score;
  if (tests.passed * 2 < tests.total) return Math.min(score, 4);
  if (tests.passed < tests.total) return Math.min(score, 9);
  return score;
}

/**
 * Grades code by reading it (and, through `runTests`, by running it).
 * Comments and strings that address the grader are removed before an LLM
 * sees the code and cost a point; the syntax and entry-point gates and the
 * test bound apply after any evaluator.
 */
export async function evaluateCode(
  input: CodeEvaluationInput,
  options: CodeEvaluationOptions = {},
): Promise<CodeEvaluation> {
  const { question, language } = input;
  const findings: NonAnswerFinding[] = [];
  let code = input.code;
  // Blank out suspicious comments from the end, so earlier offsets hold.
  for (const span of commentsAndStrings(input.code, language).reverse()) {
    const found = detectNonAnswer(span.text).findings.filter(
      (f) => f.kind !== 'keyword_list' && f.kind !== 'repetition',
    );
    if (found.length === 0) continue;
    findings.push(...found);
    const blank = /^["'`]/u.test(span.text) ? `${span.text[0]}${span.text[0]}` : '';
    code = code.slice(0, span.start) + blank + code.slice(span.end);
  }
  const nonAnswer = findings.length > 0;
  const seen = describeFindings(findings);
  const nonAnswerKinds = [...new Set(findings.map((f) => f.kind))].map((kind) => ({ kind }));

  if (isEmptyCode(code, language)) {
    return {
      score: 0,
      feedback: composeFeedback(['No code was given.', seen], '', ''),
      correctness: 0,
      complexity: 'O(1)',
      quality: 0,
      strengths: [],
      improvements: ['Write a solution.'],
      gates: { empty: true, syntax: false, entryPoint: question.entryPoint !== undefined, nonAnswer },
      evaluator: 'rubric',
      model: null,
      nonAnswer: nonAnswerKinds,
    };
  }

  const facts = analyzeCode(code, language, question.entryPoint);
  const gates = {
    empty: false,
    syntax: facts.parses === false,
    entryPoint: facts.definesEntryPoint === false,
    nonAnswer,
  };
  const tests = options.runTests ? await options.runTests(withFields(input, { code })) : undefined;
  const rubric = rubricEvaluateCode(question, facts, tests);

  let graded = {
    evaluator: 'rubric' as 'llm' | 'rubric',
    score: rubric.score,
    feedback: rubric.feedback,
    correctness: rubric.correctness,
    complexity: rubric.complexity,
    spaceComplexity: rubric.spaceComplexity,
    quality: rubric.quality,
    strengths: rubric.strengths,
    improvements: rubric.improvements,
    model: null as string | null,
  };
  let fallbackReason: CodeEvaluation['fallbackReason'];

  if (options.llm) {
    const moderation = await moderate(options.moderator, input.code, options);
    if (moderation.ok) {
      const staticNotes = [
        facts.parses === false ? `does not parse (${facts.syntaxErrors[0] ?? 'syntax error'})` : '',
        facts.definesEntryPoint === false ? `${question.entryPoint} is not defined` : '',
        `loop nesting suggests ${rubric.complexity}`,
        tests && tests.total > 0 ? `run against its tests, ${tests.passed} of ${tests.total} pass` : '',
      ].filter((n) => n.length > 0);
      const llmGrade = await gradeWithLlm(
        options.llm,
        buildCodePrompt(withFields(input, { code, staticNotes, nonce: options.nonce })),
        { name: 'code_evaluation', schema: llmCodeOutputSchema },
        {
          model: options.model ?? DEFAULT_FEEDBACK_MODEL,
          signal: options.signal,
          timeoutMs: options.timeoutMs,
        },
      );
      if (llmGrade.ok) {
        const out = llmGrade.output;
        graded = {
          evaluator: 'llm',
          score: nonAnswer ? Math.min(out.score, rubric.score + LLM_MARGIN_OVER_RUBRIC) : out.score,
          feedback: out.feedback,
          correctness: out.correctness,
          complexity: out.complexity,
          spaceComplexity: out.spaceComplexity,
          quality: out.quality,
          strengths: out.strengths,
          improvements: out.improvements,
          model: llmGrade.model,
        };
      } else {
        fallbackReason = llmGrade.reason;
      }
    } else {
      fallbackReason = moderation.reason;
    }
  }

  let score = graded.score;
  if (nonAnswer) score -= NON_ANSWER_PENALTY;
  if (gates.syntax) score = Math.min(score, SYNTAX_GATE_CAP);
  if (gates.entryPoint) score = Math.min(score, ENTRY_POINT_GATE_CAP);
  score = toScore(boundByTests(score, tests));

  const notes = [
    seen,
    tests && tests.total > 0 ? `${tests.passed} of ${tests.total} tests pass.` : undefined,
  ];
  return {
    score,
    feedback: composeFeedback(notes, graded.feedback, rubric.feedback),
    correctness: toScore(graded.correctness),
    complexity: graded.complexity,
    spaceComplexity: graded.spaceComplexity,
    quality: toScore(graded.quality),
    strengths: tidyList(graded.strengths),
    improvements: tidyList(graded.improvements),
    ...(tests ? { tests } : {}),
    gates,
    evaluator: graded.evaluator,
    model: graded.model,
    ...(fallbackReason ? { fallbackReason } : {}),
    nonAnswer: nonAnswerKinds,
  };
}
