import { z } from 'zod';
import { ratingScaleSchema } from './rating-scale.js';

/** Longest verbal answer accepted (characters). */
export const MAX_ANSWER_CHARS = 20_000;
/** Largest code answer accepted (bytes of UTF-8). */
export const MAX_CODE_BYTES = 100 * 1024;

export const experienceLevelSchema = z.enum(['junior', 'mid', 'senior']);

/** A verbal question as the planner emits it; unknown fields (timeSeconds, …) are ignored. */
export const verbalQuestionSchema = z.object({
  id: z.string().min(1).max(200),
  text: z.string().trim().min(1).max(5_000),
  expectedKeywords: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  followUps: z.array(z.string().max(1_000)).max(20).optional(),
  minWords: z.number().int().min(0).max(1_000).optional(),
  /** The plan phase the question came from; `behavioral` asks for situation, task, action, result. */
  phase: z.enum(['intro', 'technical', 'coding', 'behavioral', 'wrap_up']).optional(),
  difficulty: z.number().int().min(1).max(5).optional(),
  /** What a 2, 5, 8 and 10 answer contains; derived from the expected points when absent. */
  scale: ratingScaleSchema.optional(),
});
export type VerbalQuestion = z.infer<typeof verbalQuestionSchema>;

export const verbalEvaluationRequestSchema = z.object({
  sessionId: z.string().min(1).max(200).optional(),
  role: z.string().min(1).max(100).optional(),
  experienceLevel: experienceLevelSchema.optional(),
  question: verbalQuestionSchema,
  answer: z.string().max(MAX_ANSWER_CHARS, { error: `answer is longer than ${MAX_ANSWER_CHARS} characters` }),
});
export type VerbalEvaluationRequest = z.infer<typeof verbalEvaluationRequestSchema>;

export const codeTestCaseSchema = z.object({
  args: z.array(z.unknown()),
  expected: z.unknown(),
  /** Arrays compare as multisets. */
  orderInsensitive: z.boolean().optional(),
  /** Numbers compare equal within this relative tolerance. */
  floatTolerance: z.number().nonnegative().optional(),
});

export const codeLanguageSchema = z.enum([
  'python',
  'javascript',
  'typescript',
  'java',
  'go',
  'cpp',
  'c',
  'csharp',
  'ruby',
]);
export type CodeLanguage = z.infer<typeof codeLanguageSchema>;

export const codeQuestionSchema = z.object({
  id: z.string().min(1).max(200),
  prompt: z.string().trim().min(1).max(10_000),
  language: codeLanguageSchema.optional(),
  entryPoint: z
    .string()
    .regex(/^[A-Za-z_$][\w$]*$/u, { error: 'entryPoint must be an identifier' })
    .optional(),
  tests: z.array(codeTestCaseSchema).max(100).optional(),
  expectedComplexity: z.string().max(50).optional(),
});
export type CodeQuestion = z.infer<typeof codeQuestionSchema>;

export const codeEvaluationRequestSchema = z.object({
  sessionId: z.string().min(1).max(200).optional(),
  role: z.string().min(1).max(100).optional(),
  experienceLevel: experienceLevelSchema.optional(),
  question: codeQuestionSchema,
  language: codeLanguageSchema,
  code: z.string().refine((code) => Buffer.byteLength(code, 'utf8') <= MAX_CODE_BYTES, {
    error: `code is larger than ${MAX_CODE_BYTES} bytes`,
  }),
});
export type CodeEvaluationRequest = z.infer<typeof codeEvaluationRequestSchema>;

export const nonAnswerKindSchema = z.enum([
  'instruction',
  'role_play',
  'fake_verdict',
  'keyword_list',
  'repetition',
]);

const scoreSchema = z.number().int().min(0).max(10);

export const evaluatorSchema = z.enum(['llm', 'rubric']);

/** Why the LLM was not (or not alone) used; absent when the LLM graded normally or none is configured. */
export const fallbackReasonSchema = z.enum([
  'moderation_flagged',
  'moderation_failed',
  'refusal',
  'content_filter',
  'invalid_output',
  'llm_error',
]);
export type FallbackReason = z.infer<typeof fallbackReasonSchema>;

export const verbalGatesSchema = z.object({
  empty: z.boolean(),
  length: z.boolean(),
  keyword: z.boolean(),
  /** Text that is not an answer was found and set aside (and cost one point). */
  nonAnswer: z.boolean(),
});

const nonAnswerSchema = z.array(
  z.object({
    kind: nonAnswerKindSchema,
    /** The text that was set aside and earned nothing, as the candidate wrote or said it. */
    excerpt: z.string().optional(),
  }),
);

export const verbalEvaluationSchema = z.object({
  score: scoreSchema,
  feedback: z.string().max(200),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
  gates: verbalGatesSchema,
  evaluator: evaluatorSchema,
  /** The LLM that graded, or null for the rubric. */
  model: z.string().nullable(),
  fallbackReason: fallbackReasonSchema.optional(),
  matchedKeywords: z.array(z.string()),
  nonAnswer: nonAnswerSchema,
  /** False for warm-up and closing answers: not graded, their score is advisory and counts nowhere. */
  graded: z.boolean(),
  /** The question's rating scale, and the anchor the score reaches (null below 2). */
  scale: ratingScaleSchema,
  anchor: z.union([z.literal(2), z.literal(5), z.literal(8), z.literal(10)]).nullable(),
});
export type VerbalEvaluation = z.infer<typeof verbalEvaluationSchema>;

export const codeTestResultSchema = z.object({
  ok: z.boolean(),
  /** pass, fail (wrong value), error (it threw, or could not run) or timeout. */
  status: z.enum(['pass', 'fail', 'error', 'timeout']).optional(),
  ms: z.number().min(0),
  error: z.string().optional(),
  expected: z.unknown().optional(),
  actual: z.unknown().optional(),
});

/** Filled by the sandbox (a separate piece of work); absent when no test ran. */
export const codeTestsSchema = z.object({
  passed: z.number().int().min(0),
  total: z.number().int().min(0),
  passRate: z.number().min(0).max(1).optional(),
  /** The program could not start: a syntax error, a missing entry point. */
  compileError: z.string().optional(),
  results: z.array(codeTestResultSchema),
});
export type CodeTests = z.infer<typeof codeTestsSchema>;

export const codeGatesSchema = z.object({
  empty: z.boolean(),
  /** The code does not parse: score capped at 2. */
  syntax: z.boolean(),
  /** The question names an entry point the code does not define: score capped at 3. */
  entryPoint: z.boolean(),
  nonAnswer: z.boolean(),
});

export const codeEvaluationSchema = z.object({
  score: scoreSchema,
  feedback: z.string().max(200),
  correctness: scoreSchema,
  /** Time complexity, e.g. "O(n)". */
  complexity: z.string(),
  spaceComplexity: z.string().optional(),
  quality: scoreSchema,
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
  tests: codeTestsSchema.optional(),
  gates: codeGatesSchema,
  evaluator: evaluatorSchema,
  model: z.string().nullable(),
  fallbackReason: fallbackReasonSchema.optional(),
  nonAnswer: nonAnswerSchema,
});
export type CodeEvaluation = z.infer<typeof codeEvaluationSchema>;
