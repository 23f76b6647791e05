import { VendorError } from '@bot-backend/interfaces';
// The shared wording and mapping of vendor errors.
import * as kit from '@bot-backend/vendor-kit';

const vendor = 'assemblyai';

/**
 * Streaming close codes (the SDK's src/utils/errors/streaming.ts): 4000 bad sample
 * rate, 4001 not authorized, 4002 insufficient funds, 4003 free tier, 4101 bad schema
 * are permanent; 3006/3007 are our input errors; 4029 is rate limiting; the rest
 * (3005, 3008 session limit, 1006 network drop) are worth a new connection.
 */
export const ASSEMBLYAI_CLOSE_CODES = kit.closeCodeTable({
  auth: [4001, 4002, 4003],
  rate_limit: [4029],
  bad_request: [4000, 4101, 3006, 3007, 1008],
});

export function httpError(status: number, message: string, headers: Headers): VendorError {
  return kit.httpVendorError({ vendor, status, message: `AssemblyAI ${status}: ${message}`, headers });
}

export function abortError(reason: kit.StopReason, cause?: unknown): VendorError {
  return kit.stopError(vendor, reason, undefined, cause);
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
  const refused = kit.refusedUpgradeError(
    vendor,
    error,
    (status) => `AssemblyAI refused the streaming connection (${status})`,
  );
  if (refused) return refused;
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
    kind: kit.kindForCloseCode(code, ASSEMBLYAI_CLOSE_CODES),
    vendor,
    status: code,
    message: `AssemblyAI closed the streaming connection (${code}${reason ? ` ${reason}` : ''})`,
  });
}
