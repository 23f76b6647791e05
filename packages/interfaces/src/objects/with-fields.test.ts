import { describe, expect, it } from 'vitest';
import { withFields } from './with-fields.js';

describe('withFields', () => {
  it('gives what a spread gives: fields, order, later fields winning', () => {
    const base = { id: 'q1', text: 'What is a thread?', scale: { '2': 'vague' }, minWords: 8 };
    const extra = { scale: { '5': 'plain' }, delivery: 'off' as const };
    const copy = withFields(base, extra);
    const spread = { ...base, ...extra };
    expect(copy).toEqual(spread);
    expect(Object.keys(copy)).toEqual(Object.keys(spread));
    expect(copy).not.toBe(base);
    expect(base.scale).toEqual({ '2': 'vague' });
  });

  it('copies own enumerable fields only, symbols included, like a spread', () => {
    const tag = Symbol('tag');
    const proto = { inherited: 1 };
    const base = Object.assign(Object.create(proto) as { own: number; [tag]?: string }, {
      own: 2,
      [tag]: 'x',
    });
    Object.defineProperty(base, 'hidden', { value: 3, enumerable: false });
    const copy = withFields(base, { more: 4 });
    expect(copy).toEqual({ own: 2, more: 4, [tag]: 'x' });
    expect('inherited' in copy).toBe(false);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });

  it('keeps an own __proto__ field a field, never the copy’s prototype', () => {
    const hostile = JSON.parse('{"text":"hi","__proto__":{"polluted":true}}') as { text: string };
    for (const copy of [withFields(hostile, { more: 1 }), withFields({ more: 1 }, hostile)]) {
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
      expect(Object.hasOwn(copy, '__proto__')).toBe(true);
      expect(copy).toEqual({ ...hostile, more: 1 });
    }
  });
});
