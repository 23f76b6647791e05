import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.js';

describe('BoundedCache', () => {
  it('works a key out once, keeps at most `size` keys (oldest out first) and never a key over the length limit', () => {
    const made: string[] = [];
    const cache = new BoundedCache<string>(2, 5);
    const get = (key: string) =>
      cache.get(key, (k) => {
        made.push(k);
        return k.toUpperCase();
      });
    expect([get('ab'), get('ab'), get('cd')]).toEqual(['AB', 'AB', 'CD']);
    expect(made).toEqual(['ab', 'cd']);
    get('ef'); // pushes 'ab' out
    get('cd');
    get('ab');
    expect(made).toEqual(['ab', 'cd', 'ef', 'ab']);
    expect([get('toolong'), get('toolong')]).toEqual(['TOOLONG', 'TOOLONG']);
    expect(made.filter((k) => k === 'toolong')).toHaveLength(2);
  });
});
