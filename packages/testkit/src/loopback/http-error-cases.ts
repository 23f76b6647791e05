import type { VendorErrorKind } from '@bot-backend/interfaces';

/** One HTTP failure a fake answers with, and the VendorError a vendor client must make of it. */
export interface HttpErrorCase {
  readonly status: number;
  readonly kind: VendorErrorKind;
  readonly retryable: boolean;
}

/**
 * The statuses a vendor's REST calls are tested with, and what each must become
 * (DESIGN.md, errors): the account's problem is `auth`, the request's `bad_request`,
 * the vendor's own failure `timeout` or `unavailable`, which a retry may cure.
 * 429 is left out: it carries Retry-After and is tested on its own. Written by
 * hand, not taken from vendor-kit's mapping, so a wrong mapping fails.
 */
export const httpErrorCases: readonly HttpErrorCase[] = [
  { status: 400, kind: 'bad_request', retryable: false },
  { status: 401, kind: 'auth', retryable: false },
  { status: 403, kind: 'auth', retryable: false },
  { status: 404, kind: 'bad_request', retryable: false },
  { status: 408, kind: 'timeout', retryable: true },
  { status: 422, kind: 'bad_request', retryable: false },
  { status: 500, kind: 'unavailable', retryable: true },
  { status: 503, kind: 'unavailable', retryable: true },
];
