import { VendorError, type VendorErrorKind } from '@bot-backend/interfaces';

const vendor = 'assemblyai';

export function kindForStatus(status: number): VendorErrorKind {
  if (status === 401 || status === 403 || status === 402) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'bad_request';
}

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

export function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

export function httpError(status: number, message: string, headers: Headers): VendorError {
  const kind = kindForStatus(status);
  return new VendorError({
    kind,
    vendor,
    status,
    message: `AssemblyAI ${status}: ${message}`,
    retryAfterMs: kind === 'rate_limit' ? retryAfterMs(headers) : undefined,
  });
}

export function abortError(reason: 'cancelled' | 'timeout', cause?: unknown): VendorError {
  return reason === 'cancelled'
    ? new VendorError({ kind: 'cancelled', vendor, message: 'Request cancelled', cause })
    : new VendorError({ kind: 'timeout', vendor, message: 'AssemblyAI did not answer in time', cause });
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
  const status = /Unexpected server response: (\d{3})/.exec(message)?.[1];
  if (status) {
    const value = Number(status);
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
