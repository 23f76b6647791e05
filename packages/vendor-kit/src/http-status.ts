import { VendorError, type VendorErrorKind } from '@bot-backend/interfaces';
import { type HeaderSource, parseRetryAfter } from './retry-after.js';

/**
 * An HTTP status (a REST answer, a refused WebSocket upgrade, or the status a
 * vendor puts in a socket message) to our kind. 402 (no credit) is the
 * account's problem like 401/403; 504 is the vendor's gateway giving up, a timeout.
 */
export function kindForStatus(status: number): VendorErrorKind {
  if (status === 401 || status === 402 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'bad_request';
}

/**
 * A WebSocket close code to our kind, from the vendor's own table of the codes
 * it documents; any other code (1006: the network dropped, 1011: the server
 * failed) is `unavailable`, worth a new connection.
 */
export function kindForCloseCode(
  code: number,
  vendorCodes: Readonly<Partial<Record<number, VendorErrorKind>>>,
): VendorErrorKind {
  return vendorCodes[code] ?? 'unavailable';
}

/** A vendor's close codes, written by kind: `{ auth: [4001, 4003], bad_request: [1008] }`. */
export function closeCodeTable(
  byKind: Readonly<Partial<Record<VendorErrorKind, readonly number[]>>>,
): Partial<Record<number, VendorErrorKind>> {
  const table: Partial<Record<number, VendorErrorKind>> = {};
  for (const [kind, codes] of Object.entries(byKind) as Array<[VendorErrorKind, readonly number[]]>) {
    for (const code of codes) table[code] = kind;
  }
  return table;
}

/**
 * The status of a refused WebSocket upgrade. `ws` (under every vendor SDK)
 * reports it only as the message "Unexpected server response: 401".
 */
export function upgradeRefusalStatus(error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const status = /Unexpected server response: (\d{3})/.exec(message)?.[1];
  return status === undefined ? undefined : Number(status);
}

/**
 * A refused WebSocket upgrade as a VendorError (kind from the status), or
 * undefined when `error` is not one. `message` words it for the vendor.
 */
export function refusedUpgradeError(
  vendor: string,
  error: unknown,
  message: (status: number) => string,
): VendorError | undefined {
  const status = upgradeRefusalStatus(error);
  if (status === undefined) return undefined;
  return new VendorError({
    kind: kindForStatus(status),
    vendor,
    status,
    message: message(status),
    cause: error,
  });
}

/** A non-2xx answer as a VendorError: kind from the status, Retry-After when rate limited. */
export function httpVendorError(options: {
  vendor: string;
  status: number;
  message: string;
  headers?: HeaderSource | undefined;
  cause?: unknown;
}): VendorError {
  const kind = kindForStatus(options.status);
  return new VendorError({
    kind,
    vendor: options.vendor,
    status: options.status,
    message: options.message,
    retryAfterMs: kind === 'rate_limit' ? parseRetryAfter(options.headers) : undefined,
    cause: options.cause,
  });
}
