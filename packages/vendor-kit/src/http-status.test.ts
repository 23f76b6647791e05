import { describe, expect, it } from 'vitest';
import * as status from './http-status.js';

describe('kindForStatus', () => {
  it('maps every class of status', () => {
    expect([401, 402, 403].map(status.kindForStatus)).toEqual(['auth', 'auth', 'auth']);
    expect(status.kindForStatus(429)).toBe('rate_limit');
    expect([408, 504].map(status.kindForStatus)).toEqual(['timeout', 'timeout']);
    expect([500, 502, 503].map(status.kindForStatus)).toEqual(['unavailable', 'unavailable', 'unavailable']);
    expect([400, 404, 422].map(status.kindForStatus)).toEqual(['bad_request', 'bad_request', 'bad_request']);
  });
});

describe('kindForCloseCode', () => {
  it("uses the vendor's table, and counts any other close as worth a new connection", () => {
    const codes = status.closeCodeTable({ auth: [4001], bad_request: [1008] });
    expect(status.kindForCloseCode(4001, codes)).toBe('auth');
    expect(status.kindForCloseCode(1008, codes)).toBe('bad_request');
    expect(status.kindForCloseCode(1006, codes)).toBe('unavailable');
  });
});

describe('upgradeRefusalStatus', () => {
  it("reads the status from ws's refusal message, and nothing from other errors", () => {
    expect(status.upgradeRefusalStatus(new Error('Unexpected server response: 401'))).toBe(401);
    expect(status.upgradeRefusalStatus('Unexpected server response: 503')).toBe(503);
    expect(status.upgradeRefusalStatus(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toBeUndefined();
  });
});

describe('refusedUpgradeError', () => {
  it('words a refused upgrade for the vendor, kind from the status', () => {
    const error = status.refusedUpgradeError(
      'acme',
      new Error('Unexpected server response: 429'),
      (s) => `refused (${s})`,
    );
    expect(error).toMatchObject({
      kind: 'rate_limit',
      status: 429,
      vendor: 'acme',
      message: 'refused (429)',
    });
    expect(status.refusedUpgradeError('acme', new Error('socket hang up'), () => 'x')).toBeUndefined();
  });
});

describe('httpVendorError', () => {
  it('carries Retry-After only on a rate limit', () => {
    const headers = new Headers({ 'retry-after': '3' });
    const limited = status.httpVendorError({ vendor: 'acme', status: 429, message: 'slow down', headers });
    expect(limited).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 3000, retryable: true });
    const broken = status.httpVendorError({ vendor: 'acme', status: 503, message: 'down', headers });
    expect(broken).toMatchObject({ kind: 'unavailable', retryAfterMs: undefined });
  });
});
