import { describe, expect, it } from 'vitest';
import { httpErrorCases } from './http-error-cases.js';

describe('httpErrorCases', () => {
  it('names each status once, in order, as an HTTP error status', () => {
    const statuses = httpErrorCases.map((entry) => entry.status);
    expect(statuses).toEqual([400, 401, 403, 404, 408, 422, 500, 503]);
  });

  it('marks only the vendor-side failures retryable', () => {
    const byStatus = new Map(httpErrorCases.map((entry) => [entry.status, entry]));
    expect(byStatus.get(401)).toEqual({ status: 401, kind: 'auth', retryable: false });
    expect(byStatus.get(422)).toEqual({ status: 422, kind: 'bad_request', retryable: false });
    expect(byStatus.get(408)).toEqual({ status: 408, kind: 'timeout', retryable: true });
    expect(byStatus.get(503)).toEqual({ status: 503, kind: 'unavailable', retryable: true });
  });
});
