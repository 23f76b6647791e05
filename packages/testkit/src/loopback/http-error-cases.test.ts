import { retryableKinds, vendorErrorKinds } from '@bot-backend/interfaces';
import { describe, expect, it } from 'vitest';
import { httpErrorCases } from './http-error-cases.js';

describe('httpErrorCases', () => {
  it('names each status once, as an HTTP error status', () => {
    const statuses = httpErrorCases.map((entry) => entry.status);
    expect(new Set(statuses).size).toBe(statuses.length);
    for (const status of statuses) expect(status >= 400 && status <= 599).toBe(true);
  });

  it('agrees with the interfaces on kinds and on which kinds a retry may cure', () => {
    for (const { kind, retryable } of httpErrorCases) {
      expect(vendorErrorKinds).toContain(kind);
      expect(retryable).toBe(retryableKinds.has(kind));
    }
  });

  it('covers the account, the request and the vendor failing', () => {
    const kinds = new Set(httpErrorCases.map((entry) => entry.kind));
    expect([...kinds].sort()).toEqual(['auth', 'bad_request', 'timeout', 'unavailable']);
  });
});
