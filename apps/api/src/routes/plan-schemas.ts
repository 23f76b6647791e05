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
import { component } from '../http/api-routes.js';

/** GET /v1/roles: the roles without the bank's internal wiring. */
export const rolesResponseSchema = component(
  'RolesResponse',
  z.object({ roles: z.array(bankRoleSchema.omit({ bankRoles: true })) }),
);

/** GET /v1/experience-levels. */
export const levelsResponseSchema = component(
  'ExperienceLevelsResponse',
  z.object({ levels: z.array(bankLevelSchema) }),
);

/** The question bank's role ids: what POST /v1/plan and POST /v1/voice/sessions accept as `role`. */
export const defaultRoleIds = () => defaultQuestionBank().roles.map((r) => r.id) as [string, ...string[]];

/** POST /v1/plan's body; lazy, so the bank is read when a request or the document first needs it, not at import. */
export const planRequestBodySchema = z.lazy(() => createPlanRequestSchema(defaultRoleIds()));

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

export const planResponseSchema = component('Plan', planSchema);
export const planNextResponseSchema = component('NextStep', nextStepSchema);
