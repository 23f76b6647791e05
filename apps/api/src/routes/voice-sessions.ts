import { defaultQuestionBank, type QuestionBank } from '@bot-backend/interview';
import { Hono } from 'hono';
import type { AppEnv } from '../deps.js';
import { ApiError } from '../errors/api-error.js';
import { validate } from '../http/validate.js';
import { voicePath } from '../voice/voice-gateway.js';
import type { VoiceTicketService } from '../voice/voice-tickets.js';
import type { PlanCache } from './plan-cache.js';
import { createVoiceSessionRequestSchema } from './voice-session-schemas.js';

/**
 * POST /v1/voice/sessions: a short-lived, single-use ticket for /ws/voice,
 * bound to the interview asked for (role, level, format, plan). Behind the
 * same inbound auth as the rest of /v1; with INBOUND_AUTH=jwt, /ws/voice
 * opens only with such a ticket.
 */
export function createVoiceSessionRoutes(
  tickets: VoiceTicketService,
  plans: PlanCache,
  bank: QuestionBank = defaultQuestionBank(),
) {
  const schema = createVoiceSessionRequestSchema(bank.roles.map((r) => r.id) as [string, ...string[]]);
  return new Hono<AppEnv>().post('/v1/voice/sessions', validate('json', schema), async (c) => {
    const { planId, plan: given, ...interview } = c.req.valid('json');
    const plan = planId === undefined ? given : await plans.lookup(planId);
    if (planId !== undefined && !plan) {
      throw new ApiError({
        status: 404,
        code: 'plan_not_found',
        message: `No plan ${planId} on this server (plans are kept for ${Math.round(plans.ttlMs / 3600_000)} h); send the plan itself instead`,
        details: [{ path: 'planId', message: 'unknown plan' }],
      });
    }
    for (const field of ['role', 'experienceLevel', 'format'] as const) {
      if (plan && planId !== undefined && plan[field] !== interview[field])
        throw new ApiError({
          status: 422,
          code: 'validation_failed',
          message: 'Invalid request body',
          details: [{ path: field, message: `plan ${planId} is for ${field} ${plan[field]}` }],
        });
    }
    const issued = await tickets.issue({ ...interview, plan, subject: c.get('tokenSubject') });
    if (!issued) {
      throw new ApiError({
        status: 503,
        code: 'unavailable',
        message: 'Too many session tickets are waiting to be used; try again shortly',
        headers: { 'retry-after': '5' },
      });
    }
    c.get('logger')?.info(
      { voice: { role: interview.role, planId: plan?.planId } },
      'voice session ticket issued',
    );
    return c.json(
      {
        ticket: issued.ticket,
        expiresAt: new Date(issued.expiresAt).toISOString(),
        url: `${voicePath}?ticket=${encodeURIComponent(issued.ticket)}`,
        ...(plan ? { planId: plan.planId } : {}),
      },
      201,
    );
  });
}
