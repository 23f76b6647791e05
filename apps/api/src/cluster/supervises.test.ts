import { describe, expect, it } from 'vitest';
import { supervises } from './cluster-primary.js';

describe('supervises', () => {
  it('puts a primary over the workers unless one process is asked for or the tests run', () => {
    expect(supervises({ WEB_CONCURRENCY: 2, NODE_ENV: 'production' })).toBe(true);
    expect(supervises({ WEB_CONCURRENCY: 2, NODE_ENV: 'test' })).toBe(true);
    // Left to the core count: a primary on any machine, one core included.
    expect(supervises({ WEB_CONCURRENCY: 0, NODE_ENV: 'production' })).toBe(true);
    expect(supervises({ WEB_CONCURRENCY: 0, NODE_ENV: 'development' })).toBe(true);
    expect(supervises({ WEB_CONCURRENCY: 0, NODE_ENV: 'test' })).toBe(false);
    expect(supervises({ WEB_CONCURRENCY: 1, NODE_ENV: 'production' })).toBe(false);
  });
});
