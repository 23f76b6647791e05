import { vendorFixture } from '@bot-backend/testkit';
import { describe, expect, it } from 'vitest';
import { errorBodySchema, turnText } from './assemblyai-wire.js';

type Turn = Parameters<typeof turnText>[0];

/** Our parsers against AssemblyAI's published messages (testkit's __fixtures__). */
describe('AssemblyAI wire parsing on documented messages', () => {
  it('a partial Turn reads as all its words, the open last one included', () => {
    const [first, second] = vendorFixture<Turn[]>('assemblyai', 'streaming-partial-turns.json');
    expect(first?.transcript).toBe('');
    expect(turnText(first!)).toBe('hi');
    expect(second?.transcript).toBe('hi');
    expect(turnText(second!)).toBe('hi my');
  });

  it('an end of turn reads as its transcript', () => {
    expect(
      turnText({
        end_of_turn: true,
        transcript: 'Hi, my name is Sonny.',
        words: [{ text: 'hi' }, { text: 'my' }],
      }),
    ).toBe('Hi, my name is Sonny.');
  });

  it('reads the error body of a refused request', () => {
    const body = errorBodySchema.parse(vendorFixture('assemblyai', 'speech-model-deprecated.json'));
    expect(body.error).toContain('speech_models');
  });
});
