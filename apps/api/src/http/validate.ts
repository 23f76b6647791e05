import type { Context, Env, MiddlewareHandler, ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import { ApiError, type ApiErrorDetail } from '../errors/api-error.js';
import { strictSchema, unknownFieldIssueMessage } from './strict-schema.js';

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

type Target = 'json' | 'query' | 'param' | 'header';

/**
 * A body not declared JSON → 415 `unsupported_media_type`; one that does not
 * parse → 400 `malformed_json`. Runs before a body's validator (here and in
 * the declared routes of http/api-routes.ts), which reads the parsed body.
 */
export const requireJsonBody: MiddlewareHandler = async (c, next) => {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!jsonMediaType.test(mediaType)) {
    throw new ApiError({
      status: 415,
      code: 'unsupported_media_type',
      message: 'Request body must be JSON (content-type: application/json)',
    });
  }
  try {
    // Parsed once here; Hono caches the body for the validator.
    await c.req.json();
  } catch {
    throw new ApiError({ status: 400, code: 'malformed_json', message: 'Request body is not valid JSON' });
  }
  await next();
};

/** The 422 `validation_failed` for a wrong shape: `details: [{path, message}]`, the first problem in the message. */
export function invalidRequest(target: keyof ValidationTargets, error: z.ZodError): ApiError {
  const details = toDetails(error);
  return new ApiError({
    status: 422,
    code: 'validation_failed',
    message: `Invalid request ${target === 'json' ? 'body' : target}: ${summarize(details)}`,
    details,
  });
}

/**
 * A zod validator for one part of the request, for a route declared without
 * the OpenAPI document (the documented ones declare their schemas in
 * createRoute; http/api-routes.ts). The handler reads the parsed value with
 * `c.req.valid(target)`. For `json`: requireJsonBody first. A wrong shape →
 * 422. Bodies are strict: an undeclared field, at any depth, is a detail of
 * its own (`question.expected_keywords: unknown field; did you mean expectedKeywords?`).
 */
export function validate<
  T extends Target,
  S extends z.ZodType,
  E extends Env = Env,
  P extends string = string,
>(target: T, schema: S) {
  const checked = target === 'json' ? strictSchema(schema) : schema;
  const check = validator(target, async (value: ValidationTargets[T], _c: Context<E, P>) => {
    const result = await parseWith(checked, value);
    if (!result.success) throw invalidRequest(target, result.error);
    return result.data as z.output<S>;
  });
  if (target !== 'json') return check;

  const checkJson: typeof check = async (c, next) => {
    // Throws the 415 or 400; otherwise the body is parsed and cached for the validator.
    await requireJsonBody(c, async () => {});
    return check(c, next);
  };
  return checkJson;
}

/** Parsed without a promise per schema when nothing in it is async (most bodies); else as async. */
async function parseWith<S extends z.ZodType>(schema: S, value: unknown) {
  try {
    return schema.safeParse(value);
  } catch (error) {
    if (error instanceof z.core.$ZodAsyncError) return schema.safeParseAsync(value);
    throw error;
  }
}

/** The first problem in words (`expected_keywords: unknown field; did you mean expectedKeywords?`), and how many more. */
function summarize(details: readonly ApiErrorDetail[]): string {
  const [first] = details;
  if (!first) return 'invalid';
  const more = details.length > 1 ? ` (and ${details.length - 1} more in details)` : '';
  return `${first.path || '(whole)'}: ${first.message}${more}`;
}

export function toDetails(error: z.ZodError): ApiErrorDetail[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: unknownFieldIssueMessage(issue) ?? issue.message,
  }));
}
