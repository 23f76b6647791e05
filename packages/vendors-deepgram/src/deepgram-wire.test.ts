import { vendorFixture } from '@bot-backend/testkit';
import { describe, expect, it } from 'vitest';
import { liveMessageSchema } from './deepgram-wire.js';

/** Our parser against Deepgram's published Results message (testkit's __fixtures__). */
describe('liveMessageSchema on the documented Results message', () => {
  it('reads the transcript, flags, and word times', () => {
    const message = liveMessageSchema.parse(vendorFixture('deepgram', 'listen-results.json'));
    expect(message.type).toBe('Results');
    if (message.type !== 'Results') return;
    expect(message).toMatchObject({ is_final: true, speech_final: true, start: 0, duration: 1.02 });
    const alternative = message.channel?.alternatives?.[0];
    expect(alternative?.transcript).toBe('hello world');
    expect(alternative?.words?.map((word) => [word.punctuated_word, word.start, word.end])).toEqual([
      ['Hello', 0.1, 0.4],
      ['world', 0.5, 0.9],
    ]);
  });
});
