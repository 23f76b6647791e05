import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

const headers = (entries: Record<string, string>) => new Headers(entries);

describe('parseRetryAfter', () => {
  it('prefers retry-after-ms, in milliseconds', () => {
    expect(parseRetryAfter(headers({ 'retry-after-ms': '1500.4', 'retry-after': '9' }))).toBe(1500);
  });
  it('reads retry-after as seconds', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(headers({ 'retry-after': '0.25' }))).toBe(250);
  });
  it('reads retry-after as an HTTP date, never negative', () => {
    const now = Date.parse('Tue, 01 Dec 2026 12:00:00 GMT');
    expect(parseRetryAfter(headers({ 'retry-after': 'Tue, 01 Dec 2026 12:00:03 GMT' }), () => now)).toBe(
      3000,
    );
    expect(parseRetryAfter(headers({ 'retry-after': 'Tue, 01 Dec 2026 11:00:00 GMT' }), () => now)).toBe(0);
  });
  it('is undefined when absent, empty, negative or unreadable', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter(headers({}))).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': ' ' }))).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': '-3' }))).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});
