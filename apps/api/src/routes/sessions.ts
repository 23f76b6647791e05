import { z } from '@hono/zod-openapi';
import { ApiError } from '../errors/api-error.js';
import { apiRoute, apiRoutes, errorResponses, jsonResponse, serviceJwt } from '../http/api-routes.js';
import type { SessionStore } from '../sessions/session-store.js';
import { sessionReportSchema } from './session-report-schema.js';

const sessionParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'a session id (letters, digits, - and _)')
    .openapi({ param: { name: 'id', in: 'path' }, description: 'The sessionId of the `session` message' }),
});

export const sessionReportRoute = apiRoute({
  method: 'get',
  path: '/v1/sessions/{id}/report',
  operationId: 'getSessionReport',
  tags: ['Sessions'],
  summary: 'The report of a finished interview',
  description:
    'The evidence-linked end-of-interview report (the summary posted to user-management): per question the score, the transcript spans it rests on with their session-clock times, submitted code with its test results, and the rubric and prompt versions.',
  security: serviceJwt,
  request: { params: sessionParams },
  responses: {
    200: jsonResponse(sessionReportSchema, 'The report'),
    ...errorResponses([404, 409, 422], {
      404: 'No such interview on this server, or its report expired (`session_not_found`)',
      409: 'The interview is still running (`report_not_ready`)',
      422: 'Not a session id (`validation_failed`)',
    }),
  },
});

/** GET /v1/sessions/{id}/report, for the interviews this app runs (or its replicas, with a shared store). */
export function createSessionRoutes(sessions: SessionStore) {
  const hours = Math.round(sessions.ttlMs / 3600_000);
  return apiRoutes().openapi(sessionReportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const record = await sessions.get(id);
    if (!record) {
      throw new ApiError({
        status: 404,
        code: 'session_not_found',
        message: `No interview session ${id} on this server (reports are kept for ${hours} h after the interview)`,
      });
    }
    if (record.status !== 'finished' || !record.summary) {
      throw new ApiError({
        status: 409,
        code: 'report_not_ready',
        message: `Interview session ${id} is still in progress; its report is ready when it ends`,
      });
    }
    return c.json(record.summary, 200);
  });
}
