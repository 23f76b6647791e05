import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../deps.js';
import { ApiError } from '../errors/api-error.js';
import { validate } from '../http/validate.js';
import type { SessionStore } from '../sessions/session-store.js';

const sessionParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'a session id (letters, digits, - and _)'),
});

/**
 * GET /v1/sessions/{id}/report: the evidence-linked end-of-interview report
 * (the summary posted to user-management): per question the score, the
 * transcript spans it rests on with their session-clock times, submitted code
 * with its test results, and the rubric and prompt versions.
 */
export function createSessionRoutes(sessions: SessionStore) {
  const hours = Math.round(sessions.ttlMs / 3600_000);
  return new Hono<AppEnv>().get('/v1/sessions/:id/report', validate('param', sessionParams), async (c) => {
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
    return c.json(record.summary);
  });
}
