import { VendorError } from '@bot-backend/interfaces';
import { httpVendorError, kindForStatus, refusedUpgradeError } from '@bot-backend/vendor-kit';
import { cartesiaSdk } from './cartesia-sdk.js';

export const CARTESIA_VENDOR = 'cartesia';

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
    // Structured errors (API 2026-03-01 and later) name a machine code, e.g. model_sunsetted.
    const body = error.error as { error_code?: unknown } | undefined;
    const code = typeof body?.error_code === 'string' ? ` (${body.error_code})` : '';
    return httpVendorError({
      vendor,
      status: error.status,
      message: `${vendor}: ${error.message}${code}`,
      headers: error.headers,
      cause: error,
    });
  }
  // `ws` refuses an upgrade with "Unexpected server response: 401".
  const text = error instanceof Error ? error.message : String(error);
  const refused = refusedUpgradeError(
    vendor,
    error,
    (status) => `${vendor}: websocket refused with status ${status}`,
  );
  if (refused) return refused;
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
    kind: status !== undefined ? kindForStatus(status) : 'unavailable',
    vendor: CARTESIA_VENDOR,
    status,
    message: `${CARTESIA_VENDOR}: ${text}${code}`,
  });
}
