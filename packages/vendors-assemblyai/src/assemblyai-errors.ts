import { VendorError, type VendorErrorKind } from '@bot-backend/interfaces';
import {
  httpVendorError,
  kindForStatus,
  type StopReason,
  stopError,
  upgradeRefusalStatus,
} from '@bot-backend/vendor-kit';

export { kindForStatus };

const vendor = 'assemblyai';

/**
 * Streaming close codes (the SDK's own table): 4000 bad sample rate, 4001 not
 * authorized, 4002 insufficient funds, 4003 free tier, 4101 bad schema are
 * permanent; 3006/3007 are our input errors; 4029 is rate limiting; 3005 and
 * 3008 (session limit) and 1006 (network drop) are worth a new connection.
 */
export function kindForCloseCode(code: number): VendorErrorKind {
  if (code === 4001 || code === 4002 || code === 4003) return 'auth';
  if (code === 4029) return 'rate_limit';
  if (code === 4000 || code === 4101 || code === 3006 || code === 3007 || code === 1008) return 'bad_request';
  return 'unavailable';
}

export function httpError(status: number, message: string, headers: Headers): VendorError {
  return httpVendorError({ vendor, status, message: `AssemblyAI ${status}: ${message}`, headers });
}

export function abortError(reason: StopReason, cause?: unknown): VendorError {
  return stopError(vendor, reason, undefined, cause);
}
export function networkError(error: unknown): VendorError {
  if (VendorError.isInstance(error)) return error;
  return new VendorError({
    kind: 'unavailable',
    vendor,
    message: `AssemblyAI request failed: ${error instanceof Error ? error.message : String(error)}`,
    cause: error,
  });
}

/** A transcript job that ended with `status: "error"` (the audio, not the service, is the usual cause). */
export function jobError(message: string): VendorError {
  return new VendorError({
    kind: 'bad_request',
    vendor,
    message: `AssemblyAI transcription failed: ${message}`,
  });
}

/**
 * A streaming connection that failed or closed. The SDK gives an Error with
 * `code` (close code) when the server closed, or the `ws` message
 * ("Unexpected server response: 401") when the upgrade was refused.
 */
export function streamingError(error: unknown): VendorError {
  if (VendorError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number') return streamingCloseError(code, message);
  const value = upgradeRefusalStatus(message);
  if (value !== undefined) {
    return new VendorError({
      kind: kindForStatus(value),
      vendor,
      status: value,
      message: `AssemblyAI refused the streaming connection (${value})`,
      cause: error,
    });
  }
  if (/timed out/i.test(message)) {
    return new VendorError({
      kind: 'timeout',
      vendor,
      message: 'AssemblyAI streaming connection timed out',
      cause: error,
    });
  }
  return new VendorError({
    kind: 'unavailable',
    vendor,
    message: `AssemblyAI streaming failed: ${message}`,
    cause: error,
  });
}

export function streamingCloseError(code: number, reason: string): VendorError {
  return new VendorError({
    kind: kindForCloseCode(code),
    vendor,
    status: code,
    message: `AssemblyAI closed the streaming connection (${code}${reason ? ` ${reason}` : ''})`,
  });
}
