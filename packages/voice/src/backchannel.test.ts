import { describe, expect, it } from 'vitest';
import { classifyInterruption, endsWithThinking } from './backchannel.js';
import { defaultTurnSettings } from './turn-settings.js';

describe('classifyInterruption', () => {
  it.each([
    ['mhm', 400, 'backchannel'],
    ['Yeah.', 300, 'backchannel'],
    ['uh-huh', 500, 'backchannel'],
    ['yeah, right', 700, 'backchannel'],
    ['okay got it', 800, 'backchannel'],
    ['', 120, 'noise'],
    ['', 2_000, 'speech'],
    ['hm', 100, 'backchannel'],
    ['x', 100, 'noise'],
    ['wait', 300, 'speech'],
    ['Sorry, can you repeat that?', 1_200, 'speech'],
    ['Actually I think it is O of n', 1_500, 'speech'],
    ['I disagree with that', 900, 'speech'],
  ] as const)('%j over %i ms is %s', (text, ms, kind) => {
    expect(classifyInterruption(text, ms, defaultTurnSettings)).toBe(kind);
  });
});

describe('endsWithThinking', () => {
  it.each([
    ['So the first step would be, let me think...', true],
    ['Hmm', true],
    ['Give me a second.', true],
    ['That is a good question', true],
    ['We used a write-through cache.', false],
    ['I led the migration and it cut costs by 30%.', false],
  ])('%j → %s', (text, expected) => {
    expect(endsWithThinking(text)).toBe(expected);
  });
});
