import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { ErrorBody } from '../errors/error-body.js';
import { testDeps } from '../test-deps.js';
import { idempotencyKeyOf } from './idempotency-key.js';

const body = {
  sessionId: 's-idem',
  role: 'backend',
  experienceLevel: 'mid',
  question: { id: 'q1', text: 'What does a context switch cost?' },
  answer: 'Saving and restoring registers and a colder cache afterwards.',
};

describe('Idempotency-Key on the evaluation routes', () => {
  it('passes a visible-ASCII key through, and no header as none', () => {
    expect(idempotencyKeyOf('order-7f3a:1')).toBe('order-7f3a:1');
    expect(idempotencyKeyOf(undefined)).toBeUndefined();
  });

  it('reaches delivery with the result, so a retried request is the same logical post', async () => {
    const seen: (string | undefined)[] = [];
    const app = createApp({
      ...testDeps(),
      deliver: async (item) => {
        seen.push(item.idempotencyKey);
        return 'delivered';
      },
    });
    for (const key of ['retry-me', 'retry-me', undefined]) {
      const res = await app.request('/v1/evaluate', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
    }
    expect(seen).toEqual(['retry-me', 'retry-me', undefined]);
  });

  it.each([
    ['too long', 'k'.repeat(201)],
    ['with spaces', 'two words'],
  ])('refuses a key %s with 422 naming the header', async (_case, key) => {
    const app = createApp(testDeps());
    const res = await app.request('/v1/evaluate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(422);
    const error = ((await res.json()) as ErrorBody).error;
    expect(error.details).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);
  });
});
