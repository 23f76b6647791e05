import { describe, expect, it } from 'vitest';
import { MemorySessionStore as SessionStore } from './session-store.js';
import { info, summary } from './test-summary.js';

describe('SessionStore', () => {
  it('keeps an interview as ongoing until its summary arrives, then as finished with it', () => {
    let now = 1_000;
    const store = new SessionStore({ now: () => now });
    store.register(info('s-1'));
    expect(store.get('s-1')).toMatchObject({ status: 'ongoing', startedAt: 1_000, summary: undefined });
    now = 5_000;
    store.finish(summary('s-1'));
    expect(store.get('s-1')).toMatchObject({ status: 'finished', startedAt: 1_000, updatedAt: 5_000 });
    expect(store.get('s-1')?.summary?.sessionId).toBe('s-1');
    // A summary of an interview it never saw start is kept too.
    store.finish(summary('s-2'));
    expect(store.get('s-2')?.status).toBe('finished');
    expect(store.get('nope')).toBeUndefined();
  });

  it('is bounded: past maxSessions the least recently updated go first', () => {
    const store = new SessionStore({ maxSessions: 2 });
    store.register(info('a'));
    store.register(info('b'));
    store.finish(summary('a'));
    store.register(info('c'));
    expect(store.size).toBe(2);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')?.status).toBe('finished');
    expect(store.get('c')?.status).toBe('ongoing');
  });

  it('forgets a record not updated within the TTL', () => {
    let now = 0;
    const store = new SessionStore({ ttlMs: 1_000, now: () => now });
    store.register(info('old'));
    now = 600;
    store.register(info('new'));
    now = 1_000;
    expect(store.get('old')).toBeUndefined();
    expect(store.get('new')).toBeDefined();
    now = 1_601;
    expect(store.size).toBe(0);
  });

  it('refuses nonsense bounds', () => {
    expect(() => new SessionStore({ maxSessions: 0 })).toThrow(RangeError);
    expect(() => new SessionStore({ ttlMs: 0 })).toThrow(RangeError);
  });
});
