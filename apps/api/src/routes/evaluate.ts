import { withFields } from '@bot-backend/interfaces';
import {
  type CodeEvaluation,
  evaluateCode,
  evaluateVerbal,
  MAX_ANSWER_CHARS,
  MAX_CODE_BYTES,
  type VerbalEvaluation,
} from '@bot-backend/interview';
import { createMiddleware } from 'hono/factory';
import { Counter } from 'prom-client';
import type { AppDeps, AppEnv } from '../deps.js';
import { ApiError } from '../errors/api-error.js';
import {
  apiRoute,
  apiRoutes,
  component,
  errorResponses,
  jsonBody,
  jsonResponse,
  serviceJwt,
} from '../http/api-routes.js';
import { idempotencyKeyOf, idempotencyKeyParameter } from '../http/idempotency-key.js';
import { readJsonBody } from '../http/json-body.js';
import { requestHeader } from '../http/request-header.js';
import { createCodeRunner } from '../sandbox/code-runner.js';
import {
  boundedCodeEvaluationRequestSchema,
  codeEvaluationResponseSchema,
  verbalEvaluationBodySchema,
  verbalEvaluationResponseSchema,
} from './evaluate-schemas.js';
import type { DeliveryStatus } from './evaluation-delivery.js';

/**
 * An answer or code over its limit is a 413 naming the field, before any
 * other validation: the body as a whole may be well under the 1 MB limit.
 */
function fieldSizeLimit(field: 'answer' | 'code', tooLarge: (value: string) => boolean, limit: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const body = await readJsonBody(c);
    // Malformed or not JSON: the validator answers that.
    if (!body.parsed) return next();
    const value =
      typeof body.value === 'object' && body.value !== null
        ? (body.value as Record<string, unknown>)[field]
        : undefined;
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

export const evaluateAnswerRoute = apiRoute({
  method: 'post',
  path: '/v1/evaluate',
  operationId: 'evaluateAnswer',
  tags: ['Evaluation'],
  summary: 'Grade a verbal answer',
  description:
    'The LLM grades it when one is configured, the rubric otherwise or when the LLM fails; the gates (empty, length, keyword, non-answer) apply either way. With a sessionId, the result is also posted to user-management (`delivery`).',
  security: serviceJwt,
  middleware: fieldSizeLimit('answer', (v) => v.length > MAX_ANSWER_CHARS, `${MAX_ANSWER_CHARS} characters`),
  parameters: [idempotencyKeyParameter],
  request: { body: jsonBody('VerbalEvaluationRequest', verbalEvaluationBodySchema) },
  responses: {
    200: jsonResponse(component('VerbalEvaluationResponse', verbalEvaluationResponseSchema), 'The grade'),
    ...errorResponses([502, 503, 504]),
  },
});

export const evaluateCodeRoute = apiRoute({
  method: 'post',
  path: '/v1/evaluate-code',
  operationId: 'evaluateCode',
  tags: ['Evaluation'],
  summary: 'Grade a code answer',
  description:
    'Correctness, complexity and quality; when the question has an entry point and test cases, the code also runs against them in the sandbox and the pass rate bounds the score. Code that cannot run confined is not run: 503 `sandbox_unavailable` says why.',
  security: serviceJwt,
  middleware: fieldSizeLimit(
    'code',
    (v) => Buffer.byteLength(v, 'utf8') > MAX_CODE_BYTES,
    `${MAX_CODE_BYTES} bytes`,
  ),
  parameters: [idempotencyKeyParameter],
  request: { body: jsonBody('CodeEvaluationRequest', boundedCodeEvaluationRequestSchema) },
  responses: {
    200: jsonResponse(component('CodeEvaluationResponse', codeEvaluationResponseSchema), 'The grade'),
    ...errorResponses([502, 503, 504]),
  },
});

/**
 * What a grading may use. The request's signal is read only by a vendor call
 * (the LLM, the moderator), so it is made then (server.ts makes it on first
 * read), not for every rubric answer. A getter on a class: in an object
 * literal it would cost more than the rest of building it. Extra options are
 * added to it, not spread over it (a spread would read the signal).
 */
class GradingOptions {
  readonly llm: AppDeps['providers']['llm'];
  readonly moderator: AppDeps['providers']['moderator'];
  readonly model: string | undefined;
  readonly timeoutMs: number;

  constructor(
    vendors: Omit<GradingOptions, 'signal'>,
    private readonly request: Request,
  ) {
    this.llm = vendors.llm;
    this.moderator = vendors.moderator;
    this.model = vendors.model;
    this.timeoutMs = vendors.timeoutMs;
  }

  get signal(): AbortSignal {
    return this.request.signal;
  }
}

type Graded = { kind: 'verbal'; result: VerbalEvaluation } | { kind: 'code'; result: CodeEvaluation };

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
  const vendors = {
    llm: deps.providers.llm,
    moderator: deps.providers.moderator,
    model: deps.settings.FEEDBACK_MODEL,
    timeoutMs: deps.settings.VENDOR_TIMEOUT_MS,
  };
  const options = (request: Request) => new GradingOptions(vendors, request);

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

  /** Counts and logs a result, posts it to user-management when the request names a session, and answers it. */
  const settle = async <G extends Graded>(
    logger: AppEnv['Variables']['logger'] | undefined,
    graded: G,
    request: { sessionId?: string | undefined; question: { id: string } },
    idempotencyKey: string | undefined,
  ): Promise<G['result'] & { delivery: DeliveryStatus }> => {
    record(logger, graded.kind, graded.result);
    const { sessionId } = request;
    const delivery: DeliveryStatus =
      sessionId && deps.deliver
        ? await deps.deliver({
            ...(graded as Graded),
            sessionId,
            questionId: request.question.id,
            idempotencyKey,
          })
        : 'off';
    // Not `{ ...graded.result, delivery }`: see withFields.
    return withFields(graded.result, { delivery });
  };

  return apiRoutes()
    .openapi(evaluateAnswerRoute, async (c) => {
      const request = c.req.valid('json');
      const idempotencyKey = idempotencyKeyOf(requestHeader(c, 'idempotency-key'));
      const result = await evaluateVerbal(request, options(c.req.raw));
      return c.json(await settle(c.get('logger'), { kind: 'verbal', result }, request, idempotencyKey), 200);
    })
    .openapi(evaluateCodeRoute, async (c) => {
      const request = c.req.valid('json');
      const idempotencyKey = idempotencyKeyOf(requestHeader(c, 'idempotency-key'));
      const result = await evaluateCode(request, Object.assign(options(c.req.raw), { runTests }));
      return c.json(await settle(c.get('logger'), { kind: 'code', result }, request, idempotencyKey), 200);
    });
}
