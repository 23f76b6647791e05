import { codeEvaluationRequestSchema } from '@bot-backend/interview';
import {
  codeEvaluationResponseSchema,
  verbalEvaluationBodySchema,
  verbalEvaluationResponseSchema,
} from '../routes/evaluate-schemas.js';
import type { OpenApiOperation } from './openapi-document.js';
import { planOperations } from './plan-operations.js';
import { voiceOperations } from './voice-operations.js';

/** The evaluation operations; other resources append theirs to `apiOperations`. */
export const evaluationOperations: readonly OpenApiOperation[] = [
  {
    method: 'post',
    path: '/v1/evaluate',
    operationId: 'evaluateAnswer',
    summary: 'Grade a verbal answer (LLM when configured, rubric otherwise)',
    request: { name: 'VerbalEvaluationRequest', schema: verbalEvaluationBodySchema },
    response: { name: 'VerbalEvaluationResponse', schema: verbalEvaluationResponseSchema },
    errors: [400, 413, 415, 422],
    secured: true,
  },
  {
    method: 'post',
    path: '/v1/evaluate-code',
    operationId: 'evaluateCode',
    summary: 'Grade a code answer (correctness, complexity, quality)',
    request: { name: 'CodeEvaluationRequest', schema: codeEvaluationRequestSchema },
    response: { name: 'CodeEvaluationResponse', schema: codeEvaluationResponseSchema },
    errors: [400, 413, 415, 422],
    secured: true,
  },
];

/** Everything `pnpm openapi` publishes. */
export const apiOperations: readonly OpenApiOperation[] = [
  ...evaluationOperations,
  ...planOperations,
  ...voiceOperations,
];
