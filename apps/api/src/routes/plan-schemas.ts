import {
  answerEvaluationSchema,
  answerRecordSchema,
  bankLevelSchema,
  bankRoleSchema,
  createPlanRequestSchema,
  defaultQuestionBank,
  nextStepInputSchema,
  nextStepSchema,
  planSchema,
} from '@bot-backend/interview';
import { z } from 'zod';

/** GET /v1/roles: the roles without the bank's internal wiring. */
export const rolesResponseSchema = z.object({ roles: z.array(bankRoleSchema.omit({ bankRoles: true })) });

/** GET /v1/experience-levels. */
export const levelsResponseSchema = z.object({ levels: z.array(bankLevelSchema) });

/** POST /v1/plan's body; lazy, so the bank's roles are read when a document is built, not at import. */
export const planRequestBodySchema = z.lazy(() =>
  createPlanRequestSchema(defaultQuestionBank().roles.map((r) => r.id) as [string, ...string[]]),
);

/**
 * POST /v1/plan/next's body. Strict at the edge (validate()), except each
 * history entry's `evaluation`: it is what /v1/evaluate answered, sent back as
 * it came, of which the step logic reads the score and gates.
 */
export const planNextRequestSchema = nextStepInputSchema.extend({
  history: z
    .array(answerRecordSchema.extend({ evaluation: answerEvaluationSchema.loose().optional() }))
    // The same bound as @bot-backend/interview's nextStepInputSchema.
    .max(500),
});

export { nextStepSchema as planNextResponseSchema, planSchema as planResponseSchema };
