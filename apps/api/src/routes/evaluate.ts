import {
  type CodeEvaluation,
  evaluateCode,
  evaluateVerbal,
  MAX_ANSWER_CHARS,
  MAX_CODE_BYTES,
  type VerbalEvaluation,
} from '@bot-backend/interview';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { Counter } from 'prom-client';
import type { AppDeps, AppEnv } from '../deps.js';
import { ApiError } from '../errors/api-error.js';
import { idempotencyKeyOf } from '../http/idempotency-key.js';
import { validate } from '../http/validate.js';
import { createCodeRunner } from '../sandbox/code-runner.js';
import { boundedCodeEvaluationRequestSchema, verbalEvaluationBodySchema } from './evaluate-schemas.js';
import type { DeliveryStatus, EvaluationDeliveryItem } from './evaluation-delivery.js';

/**
 * An answer or code over its limit is a 413 naming the field, before any
 * other validation: the body as a whole may be well under the 1 MB limit.
 */
function fieldSizeLimit(field: 'answer' | 'code', tooLarge: (value: string) => boolean, limit: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      // Malformed or not JSON: the validator answers that.
      return next();
    }
    const value =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
    if (typeof value === 'string' && tooLarge(value)) {
      throw new ApiError({
        status: 413,
        code: 'payload_too_large',
        message: `${field} is larger than ${limit}`,
        details: [{ path: field, message: `at most ${limit}` }],
      });
    }
    return next();
  });
}

/** POST /v1/evaluate and POST /v1/evaluate-code. */
export function createEvaluateRoutes(deps: AppDeps) {
  // One counter per registry, however many apps share it (tests build several).
  const existing = deps.metrics.registry.getSingleMetric('evaluations_total');
  const evaluations =
    existing instanceof Counter
      ? (existing as Counter<'kind' | 'evaluator' | 'fallback_reason'>)
      : new Counter({
          name: 'evaluations_total',
          help: 'Evaluations by kind, evaluator and the reason the rubric stood in for the LLM',
          labelNames: ['kind', 'evaluator', 'fallback_reason'],
          registers: [deps.metrics.registry],
        });
  const options = (signal: AbortSignal) => ({
    llm: deps.providers.llm,
    moderator: deps.providers.moderator,
    model: deps.settings.FEEDBACK_MODEL,
    timeoutMs: deps.settings.VENDOR_TIMEOUT_MS,
    signal,
  });

  const record = (
    logger: AppEnv['Variables']['logger'] | undefined,
    kind: 'verbal' | 'code',
    result: VerbalEvaluation | CodeEvaluation,
  ) => {
    evaluations.inc({ kind, evaluator: result.evaluator, fallback_reason: result.fallbackReason ?? 'none' });
    if (result.fallbackReason) {
      // A fallback that is not logged is a hidden outage.
      logger?.warn(
        { kind, fallbackReason: result.fallbackReason },
        'evaluation graded by the rubric instead of the LLM',
      );
    }
    if (result.nonAnswer.length > 0) {
      logger?.info(
        { kind, nonAnswer: result.nonAnswer.map((f) => f.kind) },
        'answer contained text aimed at the grader',
      );
    }
  };

  const runTests = deps.sandbox ? createCodeRunner(deps.sandbox) : undefined;

  const deliver = async (item: EvaluationDeliveryItem | undefined): Promise<DeliveryStatus> =>
    item && deps.deliver ? deps.deliver(item) : 'off';

  return new Hono<AppEnv>()
    .post(
      '/v1/evaluate',
      fieldSizeLimit('answer', (v) => v.length > MAX_ANSWER_CHARS, `${MAX_ANSWER_CHARS} characters`),
      validate('json', verbalEvaluationBodySchema),
      async (c) => {
        const request = c.req.valid('json');
        const idempotencyKey = idempotencyKeyOf(c.req.header('idempotency-key'));
        const result = await evaluateVerbal(request, options(c.req.raw.signal));
        record(c.get('logger'), 'verbal', result);
        const delivery = await deliver(
          request.sessionId
            ? {
                kind: 'verbal',
                sessionId: request.sessionId,
                questionId: request.question.id,
                result,
                idempotencyKey,
              }
            : undefined,
        );
        return c.json({ ...result, delivery });
      },
    )
    .post(
      '/v1/evaluate-code',
      fieldSizeLimit('code', (v) => Buffer.byteLength(v, 'utf8') > MAX_CODE_BYTES, `${MAX_CODE_BYTES} bytes`),
      validate('json', boundedCodeEvaluationRequestSchema),
      async (c) => {
        const request = c.req.valid('json');
        const idempotencyKey = idempotencyKeyOf(c.req.header('idempotency-key'));
        const result = await evaluateCode(request, { ...options(c.req.raw.signal), runTests });
        record(c.get('logger'), 'code', result);
        const delivery = await deliver(
          request.sessionId
            ? {
                kind: 'code',
                sessionId: request.sessionId,
                questionId: request.question.id,
                result,
                idempotencyKey,
              }
            : undefined,
        );
        return c.json({ ...result, delivery });
      },
    );
}
