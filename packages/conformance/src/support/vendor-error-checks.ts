import { VendorError, type VendorErrorKind } from '@bot-backend/interfaces';
import { expect } from 'vitest';

/** Status → kind → retryable, as DESIGN.md maps them. */
export const statusCases: readonly {
  status: 400 | 401 | 403 | 429 | 500 | 503;
  kind: VendorErrorKind;
  retryable: boolean;
}[] = [
  { status: 400, kind: 'bad_request', retryable: false },
  { status: 401, kind: 'auth', retryable: false },
  { status: 403, kind: 'auth', retryable: false },
  { status: 429, kind: 'rate_limit', retryable: true },
  { status: 500, kind: 'unavailable', retryable: true },
  { status: 503, kind: 'unavailable', retryable: true },
];

/** Seconds the 429 case asks for in Retry-After. */
export const RETRY_AFTER_SEC = 2;

/** Asserts `error` is a VendorError (recognised across package copies) of `kind`, and returns it. */
export function expectVendorError(error: unknown, kind: VendorErrorKind): VendorError {
  if (!VendorError.isInstance(error)) {
    throw new Error(
      `expected a VendorError of kind "${kind}", got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
  }
  expect(error.kind, `VendorError.kind (message: ${error.message})`).toBe(kind);
  expect(typeof error.vendor, 'VendorError.vendor').toBe('string');
  expect(error.vendor.length, 'VendorError.vendor is not empty').toBeGreaterThan(0);
  return error;
}

/** The full check for an HTTP status mapped to a kind. */
export function expectStatusMapped(error: unknown, expected: (typeof statusCases)[number]): void {
  const vendorError = expectVendorError(error, expected.kind);
  expect(vendorError.retryable, 'VendorError.retryable').toBe(expected.retryable);
  expect(vendorError.status, 'VendorError.status').toBe(expected.status);
  if (expected.status === 429) {
    expect(vendorError.retryAfterMs, 'VendorError.retryAfterMs from Retry-After').toBe(
      RETRY_AFTER_SEC * 1000,
    );
  }
}

/** A signal that is already aborted. */
export function abortedSignal(): AbortSignal {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
}
