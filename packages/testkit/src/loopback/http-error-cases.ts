import { retryableKinds, type VendorErrorKind } from '@bot-backend/interfaces';

/** One HTTP failure a fake answers with, and the VendorError a vendor client must make of it. */
export interface HttpErrorCase {
  readonly status: number;
  readonly kind: VendorErrorKind;
  readonly retryable: boolean;
}

/**
 * The statuses a vendor's REST calls are tested with, by the kind each must become
 * (DESIGN.md, errors): the account's problem is `auth`, the request's `bad_request`,
 * the vendor's own failure `timeout` or `unavailable`. 429 is left out: it carries
 * Retry-After and is tested on its own. Written here by hand, not taken from
 * vendor-kit's mapping, so a wrong mapping fails.
 */
const statusesByKind: Readonly<Partial<Record<VendorErrorKind, readonly number[]>>> = {
  auth: [401, 403],
  bad_request: [400, 404, 422],
  timeout: [408],
  unavailable: [500, 503],
};

/** One case a status, in status order; `retryable` as the interfaces define it for the kind. */
export const httpErrorCases: readonly HttpErrorCase[] = (
  Object.entries(statusesByKind) as Array<[VendorErrorKind, readonly number[]]>
)
  .flatMap(([kind, statuses]) =>
    statuses.map((status) => ({ status, kind, retryable: retryableKinds.has(kind) })),
  )
  .sort((a, b) => a.status - b.status);
