import {
  defaultQuestionBank,
  NextStepError,
  nextStep,
  type PlanOutcome,
  planInterview,
} from '@bot-backend/interview';
import { Counter } from 'prom-client';
import type { AppDeps, AppEnv } from '../deps.js';
import { ApiError } from '../errors/api-error.js';
import { apiRoute, apiRoutes, jsonBody, jsonResponse, serviceJwt } from '../http/api-routes.js';
import type { PlanCache } from './plan-cache.js';
import {
  defaultRoleIds,
  levelsResponseSchema,
  planNextRequestSchema,
  planNextResponseSchema,
  planRequestBodySchema,
  planResponseSchema,
  rolesResponseSchema,
} from './plan-schemas.js';

export const listRolesRoute = apiRoute({
  method: 'get',
  path: '/v1/roles',
  operationId: 'listRoles',
  tags: ['Planning'],
  summary: 'Roles an interview can be planned for',
  description: 'Each with the coding languages that fit it and what it focuses on.',
  security: serviceJwt,
  responses: { 200: jsonResponse(rolesResponseSchema, 'The roles') },
});

export const listExperienceLevelsRoute = apiRoute({
  method: 'get',
  path: '/v1/experience-levels',
  operationId: 'listExperienceLevels',
  tags: ['Planning'],
  summary: 'Experience levels',
  description: 'What each level means for question difficulty and time.',
  security: serviceJwt,
  responses: { 200: jsonResponse(levelsResponseSchema, 'The levels') },
});

export const planInterviewRoute = apiRoute({
  method: 'post',
  path: '/v1/plan',
  operationId: 'planInterview',
  tags: ['Planning'],
  summary: 'Plan an interview',
  description:
    'Phases of questions with time budgets that sum to at most the duration. From the LLM when one is configured and its plan keeps every invariant; from the question bank otherwise (`planner`). The plan is kept for a few hours, for POST /v1/voice/sessions {planId}.',
  security: serviceJwt,
  request: { body: jsonBody('PlanRequest', planRequestBodySchema) },
  responses: { 200: jsonResponse(planResponseSchema, 'The plan') },
});

export const nextInterviewStepRoute = apiRoute({
  method: 'post',
  path: '/v1/plan/next',
  operationId: 'nextInterviewStep',
  tags: ['Planning'],
  summary: 'The next step of a running interview',
  description:
    'From the plan and the answers so far: a follow-up, an easier or harder question, the next phase, or the end.',
  security: serviceJwt,
  request: { body: jsonBody('NextStepRequest', planNextRequestSchema) },
  responses: { 200: jsonResponse(planNextResponseSchema, 'The next step') },
});

/**
 * GET /v1/roles, GET /v1/experience-levels, POST /v1/plan, POST /v1/plan/next.
 * Plans come from the LLM when one is configured and its plan keeps every
 * invariant; otherwise (and always without keys) from the question bank.
 */
export function createPlanRoutes(
  deps: AppDeps,
  /** Keeps each plan made, for POST /v1/voice/sessions {planId}. */
  planCache?: PlanCache,
) {
  // The bank the request schemas take their roles from (plan-schemas.ts).
  const bank = defaultQuestionBank();
  const existing = deps.metrics.registry.getSingleMetric('plans_total');
  const plans =
    existing instanceof Counter
      ? (existing as Counter<'planner' | 'fallback_reason'>)
      : new Counter({
          name: 'plans_total',
          help: 'Interview plans by the planner that produced them and why the LLM plan was not used',
          labelNames: ['planner', 'fallback_reason'],
          registers: [deps.metrics.registry],
        });
  const roleIds = defaultRoleIds();

  const record = (logger: AppEnv['Variables']['logger'] | undefined, outcome: PlanOutcome) => {
    plans.inc({ planner: outcome.plan.planner, fallback_reason: outcome.fallbackReason ?? 'none' });
    if (outcome.fallbackReason) {
      // A fallback that is not logged is a hidden outage.
      logger?.warn(
        {
          fallbackReason: outcome.fallbackReason,
          llmCalls: outcome.llmCalls,
          violations: outcome.violations.slice(0, 10).map((v) => v.code),
        },
        'interview planned from the bank instead of the LLM',
      );
    }
  };

  return apiRoutes()
    .openapi(listRolesRoute, (c) =>
      c.json(
        {
          roles: bank.roles.map((r) => ({
            id: r.id,
            title: r.title,
            description: r.description,
            coding: r.coding,
            languages: r.languages,
            focus: r.focus,
          })),
        },
        200,
      ),
    )
    .openapi(listExperienceLevelsRoute, (c) => c.json({ levels: [...bank.levels] }, 200))
    .openapi(planInterviewRoute, async (c) => {
      const request = c.req.valid('json');
      const outcome = await planInterview(request, {
        llm: deps.providers.llm,
        bank,
        signal: c.req.raw.signal,
        timeoutMs: deps.settings.VENDOR_TIMEOUT_MS,
      });
      record(c.get('logger'), outcome);
      planCache?.put(outcome.plan);
      return c.json(outcome.plan, 200);
    })
    .openapi(nextInterviewStepRoute, (c) => {
      const input = c.req.valid('json');
      if (!bank.role(input.plan.role)) {
        throw new ApiError({
          status: 422,
          code: 'validation_failed',
          message: 'Invalid request body',
          details: [{ path: 'plan.role', message: `role must be one of: ${roleIds.join(', ')}` }],
        });
      }
      try {
        return c.json(nextStep(input, bank), 200);
      } catch (error) {
        if (error instanceof NextStepError) {
          throw new ApiError({
            status: 422,
            code: 'validation_failed',
            message: 'Invalid request body',
            details: [{ path: error.field, message: error.message }],
          });
        }
        throw error;
      }
    });
}
