import { vendorFixture } from '@bot-backend/testkit';
import { describe, expect, it } from 'vitest';
import { cartesiaWsErrorToVendorError } from './cartesia-errors.js';
import { cartesiaWsMessageSchema } from './cartesia-options.js';

/** Our parser against the error events Cartesia publishes (testkit's __fixtures__, copied from its docs). */
describe('cartesiaWsErrorToVendorError on documented error events', () => {
  it('reads the api-errors websocket example: status, code and message', () => {
    const event = cartesiaWsMessageSchema.parse(vendorFixture('cartesia', 'ws-error-event.json'));
    const error = cartesiaWsErrorToVendorError(event);
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429, vendor: 'cartesia' });
    expect(error.message).toContain("You have exceeded your plan's concurrency limit.");
    expect(error.message).toContain('concurrency_limited');
  });

  it('names model_sunsetted when a retired model is asked for', () => {
    const body = vendorFixture<Record<string, unknown>>('cartesia', 'model-sunsetted.json');
    const error = cartesiaWsErrorToVendorError({ ...body, status_code: 400 });
    expect(error.kind).toBe('bad_request');
    expect(error.message).toContain('model_sunsetted');
  });
});
