import { describe, expect, it } from 'vitest';
import { matchKeywords } from '../evaluation/keyword-match.js';
import { constructedFollowUp, missedPointFollowUp } from './missed-point-follow-up.js';

const idempotency = {
  expectedKeywords: ['idempotency key', 'unique constraint', 'stored response', 'retry', 'exactly once'],
  followUps: ['How long do you keep idempotency keys?', 'What if two retries arrive concurrently?'],
};

describe('missedPointFollowUp', () => {
  it('asks the bank follow-up about the first expected point the answer missed', () => {
    const answer = 'I would put a unique constraint on the payment id and store the response for replays.';
    const chosen = missedPointFollowUp({ question: idempotency, answer, asked: [] });
    expect(chosen).toEqual({
      text: 'How long do you keep idempotency keys?',
      missedPoint: 'idempotency key',
      from: 'bank',
    });
    expect(matchKeywords(answer, [chosen!.missedPoint])).toEqual([]);
  });

  it('skips a bank follow-up already asked and makes one from the missed point', () => {
    const answer = 'I would put a unique constraint on the payment id, and I send the stored response again.';
    const chosen = missedPointFollowUp({
      question: idempotency,
      answer,
      asked: ['How long do you keep idempotency keys?', 'What if two retries arrive concurrently?'],
    });
    expect(chosen).toEqual({
      text: constructedFollowUp('idempotency key'),
      missedPoint: 'idempotency key',
      from: 'constructed',
    });
  });

  it('never repeats a question, constructed ones included', () => {
    const answer = 'A unique constraint and the stored response.';
    const asked: string[] = [];
    for (let i = 0; i < 6; i++) {
      const chosen = missedPointFollowUp({ question: idempotency, answer, asked });
      if (!chosen) break;
      expect(asked).not.toContain(chosen.text);
      expect(matchKeywords(answer, [chosen.missedPoint])).toEqual([]);
      asked.push(chosen.text);
    }
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked.length).toBeGreaterThanOrEqual(3);
  });

  it('when every keyword was covered, asks a bank follow-up whose point the answer has not touched', () => {
    const answer =
      'I use an idempotency key with a unique constraint, keep the stored response, so a retry is handled exactly once.';
    const chosen = missedPointFollowUp({ question: idempotency, answer, asked: [] });
    expect(chosen?.from).toBe('bank');
    expect(idempotency.followUps).toContain(chosen?.text);
    expect(answer.toLowerCase()).not.toContain(chosen!.missedPoint);
    // Its point is its longest word the answer never used; the other follow-up's point was covered.
    expect(chosen).toEqual({
      text: 'What if two retries arrive concurrently?',
      missedPoint: 'concurrently',
      from: 'bank',
    });
    expect(missedPointFollowUp({ question: idempotency, answer, asked: [chosen!.text] })).toBeUndefined();
  });

  it('has nothing to ask when the answer covered every point and every follow-up', () => {
    const answer =
      'An idempotency key with a unique constraint and a stored response makes a retry run exactly once; ' +
      'I keep idempotency keys for a day, and when two retries arrive concurrently the constraint lets one win.';
    expect(missedPointFollowUp({ question: idempotency, answer, asked: [] })).toBeUndefined();
  });

  it('takes a point shown without its word as said, as the grade does ("Python and Go" for languages)', () => {
    const techStack = {
      expectedKeywords: ['languages', 'frameworks', 'tools', 'preferences'],
      followUps: ['What do you dislike about it?', 'How did you pick it up?'],
    };
    const answer =
      'I mostly write Python and Go on the backend, with PostgreSQL and Redis for storage and Kafka for events, all deployed on Kubernetes.';
    const chosen = missedPointFollowUp({ question: techStack, answer, asked: [] });
    expect(chosen).toEqual({
      text: constructedFollowUp('frameworks'),
      missedPoint: 'frameworks',
      from: 'constructed',
    });
  });
});

describe('constructedFollowUp', () => {
  // A common noun of one or two words is asked as a side of the answer; a name, an acronym, a code
  // or a longer phrase is named alone.
  it.each([
    ['customer', 'the customer side of it'],
    ['event listeners', 'the event listeners side of it'],
    ['at-least-once', 'the at-least-once side of it'],
    ['Kafka', 'Kafka'],
    ['http.Server.Shutdown', 'http.Server.Shutdown'],
    ['429', '429'],
    ['raw SQL', 'raw SQL'],
    ['shield the team', 'shield the team'],
  ])('%s: "What about %s?"', (point, asked) => {
    expect(constructedFollowUp(point)).toBe(`What about ${asked}? Tell me a little about that.`);
  });
});
