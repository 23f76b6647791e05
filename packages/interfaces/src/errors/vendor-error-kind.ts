/**
 * Every vendor failure maps to exactly one of these kinds. Callers branch on
 * the kind (and `retryable`), never on a vendor's own error codes.
 */
export const vendorErrorKinds = [
  'auth',
  'rate_limit',
  'timeout',
  'unavailable',
  'bad_request',
  'content_filter',
  'cancelled',
] as const;

export type VendorErrorKind = (typeof vendorErrorKinds)[number];

/** Kinds that a retry (or the next provider in a chain) may cure. */
export const retryableKinds: ReadonlySet<VendorErrorKind> = new Set(['rate_limit', 'timeout', 'unavailable']);
