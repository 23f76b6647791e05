import { VendorError, type VendorErrorKind } from '@bot-backend/interfaces';
import { APIConnectionError, APIStatusError, APITimeoutError } from '@livekit/agents';
import { describe, expect, it } from 'vitest';
import { toLiveKitError } from './livekit-errors.js';

const cases: Array<{
  kind: VendorErrorKind;
  status?: number;
  type: typeof APIConnectionError | typeof APIStatusError | typeof APITimeoutError;
  statusCode?: number;
  retryable: boolean;
}> = [
  { kind: 'auth', status: 401, type: APIStatusError, statusCode: 401, retryable: false },
  { kind: 'auth', type: APIStatusError, statusCode: 401, retryable: false },
  { kind: 'bad_request', status: 422, type: APIStatusError, statusCode: 422, retryable: false },
  { kind: 'content_filter', type: APIStatusError, statusCode: 400, retryable: false },
  { kind: 'rate_limit', status: 429, type: APIStatusError, statusCode: 429, retryable: true },
  { kind: 'rate_limit', type: APIStatusError, statusCode: 429, retryable: true },
  { kind: 'unavailable', status: 503, type: APIStatusError, statusCode: 503, retryable: true },
  // A dropped socket or a WebSocket close code: no HTTP status to give.
  { kind: 'unavailable', type: APIConnectionError, retryable: true },
  { kind: 'unavailable', status: 1011, type: APIConnectionError, retryable: true },
  { kind: 'timeout', type: APITimeoutError, retryable: true },
  { kind: 'cancelled', type: APIConnectionError, retryable: false },
];

describe('toLiveKitError', () => {
  it.each(cases)('$kind (status $status) → $type.name, retryable $retryable', (c) => {
    const source = new VendorError({ kind: c.kind, vendor: 'acme', message: 'it broke', status: c.status });
    const mapped = toLiveKitError(source);
    expect(mapped.constructor).toBe(c.type);
    expect(mapped.retryable).toBe(c.retryable);
    expect(mapped.message).toBe('acme: it broke');
    expect(mapped.cause).toBe(source);
    if (c.statusCode !== undefined) expect((mapped as APIStatusError).statusCode).toBe(c.statusCode);
  });

  it('keeps an explicit retryable override of the vendor error', () => {
    const source = new VendorError({ kind: 'unavailable', vendor: 'acme', message: 'x', retryable: false });
    expect(toLiveKitError(source).retryable).toBe(false);
  });

  it('passes anything that is not a VendorError through unchanged', () => {
    const other = new TypeError('bug');
    expect(toLiveKitError(other)).toBe(other);
  });
});
