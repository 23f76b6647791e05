import { describe, expect, it } from 'vitest';
import { linkAbort } from './abort-link.js';

describe('linkAbort', () => {
  it('aborts with a parent, keeping its reason, and not as a timeout', () => {
    const parent = new AbortController();
    const link = linkAbort([undefined, parent.signal], 60_000);
    parent.abort('stop');
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toBe('stop');
    expect(link.timedOut()).toBe(false);
    link.dispose();
  });

  it('aborts after the timeout and says so', async () => {
    const link = linkAbort([], 5);
    await new Promise((resolve) => link.signal.addEventListener('abort', resolve, { once: true }));
    expect(link.timedOut()).toBe(true);
    expect((link.signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('detaches from the parents when disposed', () => {
    const parent = new AbortController();
    const link = linkAbort([parent.signal]);
    link.dispose();
    parent.abort();
    expect(link.signal.aborted).toBe(false);
  });

  it('starts aborted when a parent already is', () => {
    const link = linkAbort([AbortSignal.abort('gone')], 1_000);
    expect(link.signal.reason).toBe('gone');
    link.dispose();
  });
});
