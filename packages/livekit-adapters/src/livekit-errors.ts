import { VendorError } from '@bot-backend/interfaces';
import { APIConnectionError, type APIError, APIStatusError, APITimeoutError } from '@livekit/agents';

/** Status a kind stands for when the vendor gave none (so LiveKit's 4xx rule agrees with our kind). */
const statusForKind = {
  auth: 401,
  bad_request: 400,
  content_filter: 400,
  rate_limit: 429,
} as const;

/**
 * Our VendorError as the error LiveKit's stream base classes understand: they
 * retry `run()` when `retryable` is true (up to connOptions.maxRetry) and end
 * the stream otherwise. `timeout` → APITimeoutError; a failure with an HTTP
 * status (or a kind that implies one) → APIStatusError; network-level
 * `unavailable` and `cancelled` → APIConnectionError. Anything that is not a
 * VendorError is returned unchanged (LiveKit treats it as fatal).
 */
export function toLiveKitError(error: VendorError): APIError;
export function toLiveKitError(error: unknown): unknown;
export function toLiveKitError(error: unknown): unknown {
  if (!VendorError.isInstance(error)) return error;
  const message = error.message.startsWith(error.vendor)
    ? error.message
    : `${error.vendor}: ${error.message}`;
  const retryable = error.retryable;
  let mapped: APIError;
  if (error.kind === 'timeout') {
    mapped = new APITimeoutError({ message, options: { retryable } });
  } else if (error.kind === 'cancelled') {
    mapped = new APIConnectionError({ message, options: { retryable: false } });
  } else {
    const statusCode =
      error.status !== undefined && error.status >= 400 && error.status < 600
        ? error.status
        : error.kind in statusForKind
          ? statusForKind[error.kind as keyof typeof statusForKind]
          : undefined;
    mapped =
      statusCode === undefined
        ? new APIConnectionError({ message, options: { retryable } })
        : new APIStatusError({ message, options: { statusCode, retryable, body: error.toJSON() } });
  }
  (mapped as Error).cause = error;
  return mapped;
}
