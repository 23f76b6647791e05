import type { VendorErrorKind } from '@bot-backend/interfaces';

/**
 * Every `error.code` the HTTP API answers with, in the one error body (routes,
 * middleware, the error handler, and the refusals of a /ws/voice upgrade).
 * Closed: `ApiError` takes only these, and the OpenAPI document lists them as
 * the enum of `ErrorBody.error.code`. A new code is added here first.
 */
export const apiErrorCodes = [
  // Request shape (http/validate.ts, the body limit, per-field limits).
  'bad_request',
  'malformed_json',
  'unsupported_media_type',
  'payload_too_large',
  'validation_failed',
  // Inbound auth (auth/inbound-auth.ts) and the development page token.
  'unauthorized',
  'forbidden',
  'page_tokens_off',
  // Routing.
  'not_found',
  'method_not_allowed',
  'upgrade_required',
  // Resources.
  'session_not_found',
  'report_not_ready',
  'plan_not_found',
  'conflict',
  // Capacity and availability (ticket queue, shutting down, code execution).
  'unavailable',
  'rate_limited',
  'request_timeout',
  'sandbox_busy',
  'sandbox_unavailable',
  // Upstream vendors, by VendorError kind (errors/error-handler.ts).
  'vendor_auth',
  'vendor_rate_limit',
  'vendor_timeout',
  'vendor_unavailable',
  'vendor_bad_request',
  'vendor_content_filter',
  'vendor_cancelled',
  // A /ws/voice upgrade refused before the socket opens (voice/voice-gateway.ts).
  'forbidden_origin',
  'ticket_invalid',
  'ticket_expired',
  'ticket_used',
  // Anything else: an HTTP error without its own code, and the generic 500.
  'http_error',
  'internal_error',
] as const;

export type ApiErrorCode = (typeof apiErrorCodes)[number];

/** The code a VendorError of each kind is answered with; a new kind does not compile until it is listed above. */
export function vendorErrorCode(kind: VendorErrorKind): ApiErrorCode {
  return `vendor_${kind}` as const;
}

const known: ReadonlySet<string> = new Set(apiErrorCodes);
export const isApiErrorCode = (code: unknown): code is ApiErrorCode =>
  typeof code === 'string' && known.has(code);
