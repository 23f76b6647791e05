import { VendorError } from '@bot-backend/interfaces';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/**
 * How long the vendor asked us to wait, from `retry-after-ms` (OpenAI's own,
 * milliseconds) or `retry-after` (seconds or an HTTP date). Undefined when absent or unreadable.
 */
export function retryAfterMsFromHeaders(
  headers: { get(name: string): string | null } | undefined,
  now: () => number = Date.now,
): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const raw = headers.get('retry-after');
  if (raw === null || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(raw);
  if (Number.isFinite(date)) return Math.max(0, date - now());
  return undefined;
}

/** Error codes that arrive inside a 200 stream (`data: {"error":…}`) and what they mean to us. */
function kindOfStreamErrorCode(code: unknown): VendorError['kind'] {
  if (typeof code !== 'string') return 'unavailable';
  if (code.includes('rate_limit')) return 'rate_limit';
  if (code.includes('content_filter') || code.includes('content_policy')) return 'content_filter';
  return 'unavailable';
}

/**
 * Maps whatever the `openai` SDK (or the network under it) threw to the one
 * VendorError. Cancellation and our own first-byte timeout are decided by the
 * caller, which knows which signal fired; this maps the rest.
 */
export function openAIErrorToVendorError(error: unknown, vendor: string): VendorError {
  if (VendorError.isInstance(error)) return error;
  if (error instanceof APIUserAbortError) {
    return new VendorError({
      kind: 'cancelled',
      vendor,
      message: `${vendor}: request aborted`,
      cause: error,
    });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new VendorError({
      kind: 'timeout',
      vendor,
      message: `${vendor}: request timed out`,
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    return new VendorError({
      kind: 'unavailable',
      vendor,
      message: `${vendor}: connection failed: ${error.message}`,
      cause: error,
    });
  }
  if (error instanceof APIError) {
    const status = error.status;
    const message = `${vendor}: ${error.message}`;
    if (status === undefined) {
      // An error object inside a streamed 200 response.
      return new VendorError({ kind: kindOfStreamErrorCode(error.code), vendor, message, cause: error });
    }
    if (status === 401 || status === 403) {
      return new VendorError({ kind: 'auth', vendor, status, message, cause: error });
    }
    if (status === 429) {
      return new VendorError({
        kind: 'rate_limit',
        vendor,
        status,
        message,
        retryAfterMs: retryAfterMsFromHeaders(error.headers),
        cause: error,
      });
    }
    if (status === 408) return new VendorError({ kind: 'timeout', vendor, status, message, cause: error });
    if (status >= 500) return new VendorError({ kind: 'unavailable', vendor, status, message, cause: error });
    return new VendorError({ kind: 'bad_request', vendor, status, message, cause: error });
  }
  if (error instanceof SyntaxError) {
    // A malformed SSE data line or JSON body: the vendor answered garbage.
    return new VendorError({
      kind: 'unavailable',
      vendor,
      // Not error.message: it quotes the model's text, which is personal data.
      message: `${vendor}: unreadable response from the vendor`,
      cause: error,
    });
  }
  // undici's "terminated" / "other side closed" when the socket resets mid-body, and the like.
  const text = error instanceof Error ? error.message : String(error);
  return new VendorError({ kind: 'unavailable', vendor, message: `${vendor}: ${text}`, cause: error });
}
