import { VendorError, type VendorErrorKind } from '@bot-backend/interfaces';
import { cartesiaSdk } from './cartesia-sdk.js';

export const CARTESIA_VENDOR = 'cartesia';

/** How long the vendor asked us to wait, from `retry-after` (seconds or an HTTP date). */
export function retryAfterMsFromHeaders(
  headers: { get(name: string): string | null } | undefined,
  now: () => number = Date.now,
): number | undefined {
  const raw = headers?.get('retry-after');
  if (raw === null || raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(raw);
  if (Number.isFinite(date)) return Math.max(0, date - now());
  return undefined;
}

/** An HTTP status (REST, websocket upgrade, or the `status_code` of a websocket error) to our kind. */
export function kindOfStatus(status: number): VendorErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'bad_request';
}

/** Maps whatever the Cartesia SDK (or the network under it) threw to the one VendorError. */
export function cartesiaErrorToVendorError(error: unknown): VendorError {
  const vendor = CARTESIA_VENDOR;
  if (VendorError.isInstance(error)) return error;
  if (error instanceof cartesiaSdk.APIUserAbortError) {
    return new VendorError({
      kind: 'cancelled',
      vendor,
      message: `${vendor}: request aborted`,
      cause: error,
    });
  }
  if (error instanceof cartesiaSdk.APIConnectionTimeoutError) {
    return new VendorError({
      kind: 'timeout',
      vendor,
      message: `${vendor}: request timed out`,
      cause: error,
    });
  }
  if (error instanceof cartesiaSdk.APIConnectionError) {
    return new VendorError({
      kind: 'unavailable',
      vendor,
      message: `${vendor}: connection failed: ${error.message}`,
      cause: error,
    });
  }
  if (error instanceof cartesiaSdk.APIError && error.status !== undefined) {
    const status = error.status;
    const kind = kindOfStatus(status);
    // Structured errors (API 2026-03-01 and later) name a machine code, e.g. model_sunsetted.
    const body = error.error as { error_code?: unknown } | undefined;
    const code = typeof body?.error_code === 'string' ? ` (${body.error_code})` : '';
    return new VendorError({
      kind,
      vendor,
      status,
      message: `${vendor}: ${error.message}${code}`,
      retryAfterMs: kind === 'rate_limit' ? retryAfterMsFromHeaders(error.headers) : undefined,
      cause: error,
    });
  }
  // `ws` refuses an upgrade with "Unexpected server response: 401".
  const text = error instanceof Error ? error.message : String(error);
  const upgrade = /Unexpected server response: (\d{3})/.exec(text);
  if (upgrade?.[1]) {
    const status = Number(upgrade[1]);
    return new VendorError({
      kind: kindOfStatus(status),
      vendor,
      status,
      message: `${vendor}: websocket refused with status ${status}`,
      cause: error,
    });
  }
  // undici's "terminated" when the socket resets mid-body, ECONNREFUSED, and the like.
  return new VendorError({ kind: 'unavailable', vendor, message: `${vendor}: ${text}`, cause: error });
}

/** An `error` message on the websocket (current `{status_code,title,message}` or older `{error}` form). */
export function cartesiaWsErrorToVendorError(message: {
  status_code?: number | null | undefined;
  title?: string | null | undefined;
  message?: string | null | undefined;
  error?: string | null | undefined;
  error_code?: string | null | undefined;
}): VendorError {
  const status = message.status_code ?? undefined;
  const text = message.message ?? message.error ?? message.title ?? 'unknown error';
  const code = message.error_code ? ` (${message.error_code})` : '';
  return new VendorError({
    kind: status !== undefined ? kindOfStatus(status) : 'unavailable',
    vendor: CARTESIA_VENDOR,
    status,
    message: `${CARTESIA_VENDOR}: ${text}${code}`,
  });
}
