import { VendorError } from '@bot-backend/interfaces';
import {
  closeCodeTable,
  httpVendorError,
  kindForCloseCode,
  refusedUpgradeError,
  type StopReason,
  stopError,
} from '@bot-backend/vendor-kit';
import { DeepgramError, DeepgramTimeoutError } from '@deepgram/sdk';

const vendor = 'deepgram';

/**
 * WebSocket close codes Deepgram uses mid-stream: 1008 (DATA-0000, audio it
 * cannot decode) is our fault and not worth a retry; 1011 (NET-0000/NET-0001)
 * and 1006 (no close frame: the network dropped) are theirs.
 */
export const DEEPGRAM_CLOSE_CODES = closeCodeTable({
  bad_request: [1003, 1007, 1008],
  auth: [4001, 4003],
  rate_limit: [4029],
});

function bodyMessage(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    const message = record.err_msg ?? record.message ?? record.reason;
    if (typeof message === 'string') return message;
  }
  return typeof body === 'string' && body.length > 0 && body.length < 300 ? body : undefined;
}

/**
 * Any failure of a Deepgram call → VendorError. `aborted` says why our own
 * signal fired (the caller's cancel or our first-byte timer), since the SDK
 * reports both as a generic fetch failure.
 */
export function toDeepgramError(error: unknown, stopped?: StopReason, timeoutMs?: number): VendorError {
  if (VendorError.isInstance(error)) return error;
  if (stopped) return stopError(vendor, stopped, timeoutMs, error);
  if (error instanceof DeepgramTimeoutError) return stopError(vendor, 'timeout', undefined, error);
  if (error instanceof DeepgramError && error.statusCode !== undefined) {
    return httpVendorError({
      vendor,
      status: error.statusCode,
      message: `Deepgram ${error.statusCode}: ${bodyMessage(error.body) ?? 'request failed'}`,
      headers: error.rawResponse?.headers,
      cause: error,
    });
  }
  return new VendorError({
    kind: 'unavailable',
    vendor,
    message: `Deepgram request failed: ${error instanceof Error ? error.message : String(error)}`,
    cause: error,
  });
}

/**
 * A live socket that failed to open. The SDK only hands over the `ws` error
 * message ("Unexpected server response: 401", "TIMEOUT"), so the status is read from it.
 */
export function toDeepgramConnectError(message: string, cause?: unknown): VendorError {
  if (message === 'TIMEOUT') {
    return new VendorError({ kind: 'timeout', vendor, message: 'Deepgram live connection timed out', cause });
  }
  const refused = refusedUpgradeError(
    vendor,
    new Error(message, { cause }),
    (code) => `Deepgram refused the live connection (${code})`,
  );
  return (
    refused ??
    new VendorError({
      kind: 'unavailable',
      vendor,
      message: `Deepgram live connection failed: ${message}`,
      cause,
    })
  );
}

/** A live socket closed by the server (or the network) before we asked. */
export function toDeepgramCloseError(code: number, reason: string): VendorError {
  return new VendorError({
    kind: kindForCloseCode(code, DEEPGRAM_CLOSE_CODES),
    vendor,
    status: code,
    message: `Deepgram closed the live connection (${code}${reason ? ` ${reason}` : ''})`,
  });
}
