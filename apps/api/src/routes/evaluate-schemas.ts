import { codeEvaluationSchema, verbalEvaluationSchema } from '@bot-backend/interview';
import { z } from 'zod';

export const deliveryStatusSchema = z.enum(['delivered', 'queued', 'off']);

/** POST /v1/evaluate → 200. */
export const verbalEvaluationResponseSchema = verbalEvaluationSchema.extend({
  delivery: deliveryStatusSchema,
});
/** POST /v1/evaluate-code → 200. */
export const codeEvaluationResponseSchema = codeEvaluationSchema.extend({ delivery: deliveryStatusSchema });
