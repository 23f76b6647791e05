import { codingLanguages, experienceLevelIds, interviewFormats, planSchema } from '@bot-backend/interview';
import { z } from '@hono/zod-openapi';

/** POST /v1/voice/sessions's body; the allowed roles are the question bank's. */
export function createVoiceSessionRequestSchema(roleIds: readonly [string, ...string[]]) {
  return z
    .object({
      role: z.enum(roleIds, { error: `role must be one of: ${roleIds.join(', ')}` }),
      experienceLevel: z.enum(experienceLevelIds),
      format: z.enum(interviewFormats),
      durationMinutes: z.number().int().min(5).max(120).optional(),
      codingLanguage: z.enum(codingLanguages).optional(),
      plan: planSchema.optional().describe('A plan from POST /v1/plan, as it came: the interview follows it'),
      planId: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .describe('Or the planId of a plan this server made (kept for a few hours)'),
    })
    .superRefine((body, ctx) => {
      if (body.plan && body.planId !== undefined)
        ctx.addIssue({ code: 'custom', path: ['planId'], message: 'give plan or planId, not both' });
      if (!body.plan) return;
      for (const field of ['role', 'experienceLevel', 'format'] as const) {
        if (body.plan[field] !== body[field])
          ctx.addIssue({
            code: 'custom',
            path: ['plan', field],
            message: `differs from ${field} (${body[field]})`,
          });
      }
    });
}

/** POST /v1/voice/sessions → 201. */
export const voiceSessionResponseSchema = z
  .object({
    ticket: z
      .string()
      .describe(
        'Single use, for this interview only; send it as `/ws/voice?ticket=…` or as the first message `{"type":"auth","ticket":"…"}`',
      ),
    expiresAt: z.iso.datetime(),
    url: z.string().describe("The socket's path with the ticket in its query"),
    planId: z.string().optional(),
  })
  .openapi('VoiceSessionTicket');
