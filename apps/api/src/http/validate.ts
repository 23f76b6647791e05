import type { Context, Env, ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { ApiError, type ApiErrorDetail } from '../errors/api-error.js';

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

type Target = 'json' | 'query' | 'param' | 'header';

/**
 * A zod validator for one part of the request. The handler reads the parsed
 * value with `c.req.valid(target)`. Malformed JSON → 400 `malformed_json`,
 * a body that is not JSON → 415, a wrong shape → 422 `validation_failed`
 * with `details: [{path, message}]`.
 */
export function validate<
  T extends Target,
  S extends z.ZodType,
  E extends Env = Env,
  P extends string = string,
>(target: T, schema: S) {
  return validator(target, async (value: ValidationTargets[T], c: Context<E, P>) => {
    if (target === 'json') {
      const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
      if (!jsonMediaType.test(mediaType)) {
        throw new ApiError({
          status: 415,
          code: 'unsupported_media_type',
          message: 'Request body must be JSON (content-type: application/json)',
        });
      }
    }
    const result = await schema.safeParseAsync(value);
    if (!result.success) {
      throw new ApiError({
        status: 422,
        code: 'validation_failed',
        message: `Invalid request ${target === 'json' ? 'body' : target}`,
        details: toDetails(result.error),
      });
    }
    return result.data as z.output<S>;
  });
}

export function toDetails(error: z.ZodError): ApiErrorDetail[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
