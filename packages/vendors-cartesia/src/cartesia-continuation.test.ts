import { describe, expect, it } from 'vitest';
import { CartesiaContinuation, CONTEXT_IDLE_LIMIT_MS } from './cartesia-continuation.js';

describe('CartesiaContinuation', () => {
  it('leaves tokens inside a sentence as they are', () => {
    const continuation = new CartesiaContinuation('en');
    expect(['Hel', 'lo', ' wor', 'ld,', 'yes.'].map((text) => continuation.next(text))).toEqual([
      'Hel',
      'lo',
      ' wor',
      'ld,',
      'yes.',
    ]);
  });

  it('adds a space only between a finished sentence and one that starts without it', () => {
    const continuation = new CartesiaContinuation('en');
    expect(['Hi.', 'How are you?', ' Fine. ', 'Good.'].map((text) => continuation.next(text))).toEqual([
      'Hi.',
      ' How are you?',
      ' Fine. ',
      'Good.',
    ]);
  });

  it('adds none for languages written without spaces (ja, zh-CN, th)', () => {
    for (const language of ['ja', 'zh-CN', 'th']) {
      const continuation = new CartesiaContinuation(language);
      expect([continuation.next('一。'), continuation.next('二。')]).toEqual(['一。', '二。']);
    }
  });

  it('calls a context expired only once every piece is spoken and the audio is old', () => {
    let now = 0;
    const continuation = new CartesiaContinuation(undefined, () => now);
    expect(continuation.expired()).toBe(false);
    continuation.next('One.');
    continuation.flushSent();
    continuation.audio();
    now = CONTEXT_IDLE_LIMIT_MS + 1;
    // Still waiting for the flush of "One.": Cartesia is generating, the context lives.
    expect(continuation.expired()).toBe(false);
    continuation.flushed();
    expect(continuation.expired()).toBe(false);
    now += CONTEXT_IDLE_LIMIT_MS + 1;
    expect(continuation.expired()).toBe(true);
    // Text without a flush may still be in Cartesia's buffer: the context is kept.
    continuation.next('And');
    expect(continuation.expired()).toBe(false);
    continuation.restart();
    expect(continuation.expired()).toBe(false);
  });
});
