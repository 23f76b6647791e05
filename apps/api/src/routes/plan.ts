import {
  createPlanRequestSchema,
  defaultQuestionBank,
  NextStepError,
  nextStep,
  type PlanOutcome,
  planInterview,
  type QuestionBank,
} from '@bot-backend/interview';
import { Hono } from 'hono';
import { Counter } from 'prom-client';
import type { AppDeps, AppEnv } from '../deps.js';
import { ApiError } from '../errors/api-error.js';
import { validate } from '../http/validate.js';
import type { PlanCache } from './plan-cache.js';
import { planNextRequestSchema } from './plan-schemas.js';

/**
 * GET /v1/roles, GET /v1/experience-levels, POST /v1/plan, POST /v1/plan/next.
 * Plans come from the LLM when one is configured and its plan keeps every
 * invariant; otherwise (and always without keys) from the question bank.
 */
export function createPlanRoutes(
  deps: AppDeps,
  bank: QuestionBank = defaultQuestionBank(),
  /** Keeps each plan made, for POST /v1/voice/sessions {planId}. */
  planCache?: PlanCache,
) {
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
  const roleIds = bank.roles.map((r) => r.id) as [string, ...string[]];
  const planRequestSchema = createPlanRequestSchema(roleIds);

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

  return new Hono<AppEnv>()
    .get('/v1/roles', (c) =>
      c.json({
        roles: bank.roles.map((r) => ({
          id: r.id,
          title: r.title,
          description: r.description,
          coding: r.coding,
          languages: r.languages,
          focus: r.focus,
        })),
      }),
    )
    .get('/v1/experience-levels', (c) => c.json({ levels: bank.levels }))
    .post('/v1/plan', validate('json', planRequestSchema), async (c) => {
      const request = c.req.valid('json');
      const outcome = await planInterview(request, {
        llm: deps.providers.llm,
        bank,
        signal: c.req.raw.signal,
        timeoutMs: deps.settings.VENDOR_TIMEOUT_MS,
      });
      record(c.get('logger'), outcome);
      planCache?.put(outcome.plan);
      return c.json(outcome.plan);
    })
    .post('/v1/plan/next', validate('json', planNextRequestSchema), (c) => {
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
        return c.json(nextStep(input, bank));
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
