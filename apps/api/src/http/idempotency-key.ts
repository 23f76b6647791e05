import { z } from 'zod';
import { ApiError } from '../errors/api-error.js';
import { headerParameter } from './api-routes.js';

// Visible ASCII, as the IETF Idempotency-Key draft and Stripe-style APIs use; long enough for a UUID or a hash.
const keySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'visible ASCII characters only');

/**
 * The caller's `Idempotency-Key` header, if any. The result it produces is
 * posted to user-management under this key, so a request retried (after a
 * timeout, or against another replica) does not append a second row.
 */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const parsed = keySchema.safeParse(header);
  if (parsed.success) return parsed.data;
  throw new ApiError({
    status: 422,
    code: 'validation_failed',
    message: 'Idempotency-Key header is not valid',
    details: [{ path: 'Idempotency-Key', message: parsed.error.issues[0]?.message ?? 'invalid' }],
  });
}

/** The header as the OpenAPI document lists it; checked in the handler (above), after the body. */
export const idempotencyKeyParameter = headerParameter(
  'Idempotency-Key',
  keySchema,
  'Makes the result one logical post to user-management: a request retried with the same key (after a timeout, or against another replica) appends no second row',
);
