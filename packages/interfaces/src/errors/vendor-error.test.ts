import { describe, expect, it } from 'vitest';
import { VendorError } from './vendor-error.js';
import { retryableKinds, vendorErrorKinds } from './vendor-error-kind.js';

describe('VendorError', () => {
  it('derives retryable from the kind unless told otherwise', () => {
    for (const kind of vendorErrorKinds) {
      const error = new VendorError({ kind, vendor: 'x', message: kind });
      expect(error.retryable).toBe(retryableKinds.has(kind));
    }
    expect(
      new VendorError({ kind: 'unavailable', vendor: 'x', message: 'm', retryable: false }).retryable,
    ).toBe(false);
  });

  it('is recognised across copies of the package through its registered symbol', () => {
    const error = new VendorError({
      kind: 'rate_limit',
      vendor: 'openai',
      message: 'slow down',
      retryAfterMs: 1200,
    });
    // What another installed copy would hand us: same symbol, different class.
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('@bot-backend/interfaces.VendorError')]: true,
    });
    expect(VendorError.isInstance(error)).toBe(true);
    expect(VendorError.isInstance(foreign)).toBe(true);
    expect(VendorError.isInstance(new Error('plain'))).toBe(false);
    expect(VendorError.isInstance(null)).toBe(false);
    expect(error.toJSON()).toMatchObject({
      kind: 'rate_limit',
      vendor: 'openai',
      retryAfterMs: 1200,
      retryable: true,
    });
  });

  it('keeps the cause out of its JSON form', () => {
    const error = new VendorError({
      kind: 'auth',
      vendor: 'groq',
      message: 'bad key',
      cause: { apiKey: 'sk-secret' },
    });
    expect(JSON.stringify(error)).not.toContain('sk-secret');
    expect(error.cause).toEqual({ apiKey: 'sk-secret' });
  });
});
