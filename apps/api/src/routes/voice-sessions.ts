import { z } from '@hono/zod-openapi';
import { ApiError } from '../errors/api-error.js';
import {
  apiRoute,
  apiRoutes,
  errorResponses,
  jsonBody,
  jsonResponse,
  serviceJwt,
} from '../http/api-routes.js';
import { voicePath } from '../voice/voice-gateway.js';
import type { VoiceTicketService } from '../voice/voice-tickets.js';
import type { PlanCache } from './plan-cache.js';
import { defaultRoleIds } from './plan-schemas.js';
import { createVoiceSessionRequestSchema, voiceSessionResponseSchema } from './voice-session-schemas.js';

export const createVoiceSessionRoute = apiRoute({
  method: 'post',
  path: '/v1/voice/sessions',
  operationId: 'createVoiceSession',
  tags: ['Voice'],
  summary: 'A ticket for one voice interview over /ws/voice',
  description:
    'Short-lived and single-use, bound to this interview (role, level, format, and the plan given or named by planId). With INBOUND_AUTH=jwt, /ws/voice opens only with one: `/ws/voice?ticket=…`, or `{"type":"auth","ticket":"…"}` as the first message.',
  security: serviceJwt,
  request: {
    body: jsonBody(
      'VoiceSessionRequest',
      // Lazy: the bank's roles are read when a request or the document first needs them, not at import.
      z.lazy(() => createVoiceSessionRequestSchema(defaultRoleIds())),
    ),
  },
  responses: {
    201: jsonResponse(voiceSessionResponseSchema, 'The ticket'),
    ...errorResponses([404, 503], {
      404: 'No plan with this planId on this server (`plan_not_found`); send the plan itself instead',
      503: 'Too many tickets wait to be used (`unavailable`); Retry-After says when to try again',
    }),
  },
});

/**
 * POST /v1/voice/sessions: a short-lived, single-use ticket for /ws/voice,
 * bound to the interview asked for (role, level, format, plan). Behind the
 * same inbound auth as the rest of /v1; with INBOUND_AUTH=jwt, /ws/voice
 * opens only with such a ticket.
 */
export function createVoiceSessionRoutes(tickets: VoiceTicketService, plans: PlanCache) {
  return apiRoutes().openapi(createVoiceSessionRoute, async (c) => {
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
