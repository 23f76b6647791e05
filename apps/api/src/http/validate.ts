import type { Context, Env, MiddlewareHandler, ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import { ApiError, type ApiErrorDetail } from '../errors/api-error.js';
import { readJsonBody } from './json-body.js';
import { requestHeader } from './request-header.js';
import { strictSchema, unknownFieldIssueMessage } from './strict-schema.js';

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

type Target = 'json' | 'query' | 'param' | 'header';

/**
 * A body not declared JSON → 415 `unsupported_media_type`; one that does not
 * parse → 400 `malformed_json`. Runs before a body's validator (here and in
 * the declared routes of http/api-routes.ts), which reads the parsed body
 * (readJsonBody: parsed once per request).
 */
export const requireJsonBody: MiddlewareHandler = async (c, next) => {
  const mediaType = (requestHeader(c, 'content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!jsonMediaType.test(mediaType)) {
    throw new ApiError({
      status: 415,
      code: 'unsupported_media_type',
      message: 'Request body must be JSON (content-type: application/json)',
    });
  }
  if (!(await readJsonBody(c)).parsed)
    throw new ApiError({ status: 400, code: 'malformed_json', message: 'Request body is not valid JSON' });
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
  const check = validator(
    target,
    async (value: ValidationTargets[T], _c: Context<E, P>) =>
      (await checkedValue(target, checked, value)) as z.output<S>,
  );
  if (target !== 'json') return check;

  const checkJson: typeof check = async (c, next) => {
    // Throws the 415 or 400; otherwise the body, parsed once, is checked here.
    await requireJsonBody(c, async () => {});
    const body = await readJsonBody(c);
    const value = await checkedValue('json', checked, body.parsed ? body.value : {});
    c.req.addValidatedData('json', value as object);
    await next();
  };
  return checkJson;
}

/** `value` as `schema` parses it, or the 422 naming each problem. */
export async function checkedValue<S extends z.ZodType>(
  target: keyof ValidationTargets,
  schema: S,
  value: unknown,
): Promise<z.output<S>> {
  const result = await safeParseBody(schema, value);
  if (!result.success) throw invalidRequest(target, result.error);
  return result.data;
}

/**
 * Parsed without a promise when nothing in the schema is async (most bodies),
 * else as async. Same result either way; the synchronous parse is also the one
 * for which zod compiles its fast path for objects.
 */
export function safeParseBody<S extends z.ZodType>(
  schema: S,
  value: unknown,
): z.ZodSafeParseResult<z.output<S>> | Promise<z.ZodSafeParseResult<z.output<S>>> {
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
