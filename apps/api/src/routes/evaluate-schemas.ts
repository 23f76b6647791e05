import {
  codeEvaluationRequestSchema,
  codeEvaluationSchema,
  codeQuestionSchema,
  codeTestCaseSchema,
  planQuestionSchema,
  verbalEvaluationRequestSchema,
  verbalEvaluationSchema,
} from '@bot-backend/interview';
import { z } from 'zod';
import { boundedJson } from './bounded-json.js';

export const deliveryStatusSchema = z.enum(['delivered', 'queued', 'off']);

/** POST /v1/evaluate → 200. */
export const verbalEvaluationResponseSchema = verbalEvaluationSchema.extend({
  delivery: deliveryStatusSchema,
});
/** POST /v1/evaluate-code → 200. */
export const codeEvaluationResponseSchema = codeEvaluationSchema.extend({ delivery: deliveryStatusSchema });

const { shape: verbalShape } = verbalEvaluationRequestSchema;

/**
 * POST /v1/evaluate's body: strict at the edge (validate()), with a question of
 * a plan (POST /v1/plan) accepted as it came: its other fields are known, and
 * ignored; where both define a field, the verbal question's rule wins.
 */
export const verbalEvaluationBodySchema = verbalEvaluationRequestSchema.extend({
  question: z.object({ ...planQuestionSchema.partial().shape, ...verbalShape.question.shape }),
});

/** POST /v1/evaluate-code: test `args` and `expected` bounded in depth and size (422 naming the field). */
const boundedTestCaseSchema = codeTestCaseSchema.extend({
  args: boundedJson(codeTestCaseSchema.shape.args),
  expected: boundedJson(codeTestCaseSchema.shape.expected),
});
export const boundedCodeEvaluationRequestSchema = codeEvaluationRequestSchema.extend({
  question: codeQuestionSchema.extend({ tests: z.array(boundedTestCaseSchema).max(100).optional() }),
});
