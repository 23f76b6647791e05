import type { RouteConfig } from '@hono/zod-openapi';
import type { z } from 'zod';
import { bodyOf } from '../http/api-routes.js';
import { pageTokenRoute } from '../routes/dev-page-token.js';
import { evaluateAnswerRoute, evaluateCodeRoute } from '../routes/evaluate.js';
import { livenessRoute, metricsRoute, readinessRoute } from '../routes/health-routes.js';
import { upstreamProbeRoute } from '../routes/internal.js';
import {
  listExperienceLevelsRoute,
  listRolesRoute,
  nextInterviewStepRoute,
  planInterviewRoute,
} from '../routes/plan.js';
import { sessionReportRoute } from '../routes/sessions.js';
import { createVoiceSessionRoute } from '../routes/voice-sessions.js';

/** One documented operation: the route as declared and mounted (apiRoute(), `.openapi(route, handler)`). */
export interface ApiOperation {
  method: RouteConfig['method'];
  /** OpenAPI's form: `/v1/sessions/{id}/report`. */
  path: string;
  operationId: string;
  /** Its JSON body's component name and schema (strict, as validated), if it takes one. */
  request?: { name: string; schema: z.ZodType } | undefined;
  route: RouteConfig;
}

function operation(route: RouteConfig): ApiOperation {
  if (!route.operationId) throw new Error(`${route.method} ${route.path} has no operationId`);
  return {
    method: route.method,
    path: route.path,
    operationId: route.operationId,
    request: bodyOf(route),
    route,
  };
}

/**
 * Every operation the document publishes, in its order. A route mounted but
 * missing here fails openapi/openapi-coverage.test.ts, which compares this
 * list with what the app serves.
 */
export const apiOperations: readonly ApiOperation[] = [
  evaluateAnswerRoute,
  evaluateCodeRoute,
  listRolesRoute,
  listExperienceLevelsRoute,
  planInterviewRoute,
  nextInterviewStepRoute,
  createVoiceSessionRoute,
  sessionReportRoute,
  upstreamProbeRoute,
  livenessRoute,
  readinessRoute,
  metricsRoute,
  pageTokenRoute,
].map(operation);
