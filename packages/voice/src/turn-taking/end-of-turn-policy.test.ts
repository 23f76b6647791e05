import type { SttStreamPart } from '@bot-backend/interfaces';
import { describe, expect, it } from 'vitest';
import { defaultTurnSettings } from '../turn-settings.js';
import { scoreCompleteness } from './completeness-score.js';
import { EndOfTurnPolicy } from './end-of-turn-policy.js';
import {
  decideEndOfTurn,
  defaultEndOfTurnPolicySettings,
  type EndOfTurnDecision,
  silenceToEndTurnMs,
} from './end-of-turn-wait.js';

const { phases } = defaultTurnSettings;
const settings = defaultEndOfTurnPolicySettings;
const noGrace = { ...settings, graceForUnfinished: false };

const fields = (text: string) => ({ text, words: [], confidence: 0.9, startMs: 0, endMs: 1_000 });
const final = (text: string): SttStreamPart => ({ type: 'transcript-final', ...fields(text) });
const partial = (text: string): SttStreamPart => ({ type: 'transcript-partial', ...fields(text) });
const vendorEnd = (confidence?: number): SttStreamPart => ({
  type: 'end-of-turn',
  atMs: 0,
  text: '',
  confidence,
});

function setup(phase: keyof typeof phases, question?: string) {
  let clock = 10_000;
  const policy = new EndOfTurnPolicy({ now: () => clock });
  policy.setQuestion(phases[phase], question);
  return {
    policy,
    advance(ms: number): EndOfTurnDecision {
      clock += ms;
      return policy.decide();
    },
  };
}

/** The silence after which the policy ended the turn, probing every 50 ms up to 20 s. */
function endsAfter(advance: (ms: number) => EndOfTurnDecision): number | undefined {
  for (let t = 50; t <= 20_000; t += 50) if (advance(50).type === 'end') return t;
  return undefined;
}

describe('silenceToEndTurnMs', () => {
  it('rises from the short wait to the phase budget as the score falls, never below nor above them', () => {
    for (const phase of ['intro', 'technical', 'behavioral', 'wrap_up'] as const) {
      const budget = phases[phase];
      let previous = 0;
      for (let score = 1; score >= 0; score -= 0.05) {
        const wait = silenceToEndTurnMs({ score, thinking: false }, budget, noGrace)!;
        expect(wait).toBeGreaterThanOrEqual(previous);
        expect(wait).toBeGreaterThanOrEqual(settings.finishedWaitMs);
        expect(wait).toBeLessThanOrEqual(budget.endOfTurnSilenceMs!);
        previous = wait;
      }
      expect(silenceToEndTurnMs({ score: 1, thinking: false }, budget)).toBe(settings.finishedWaitMs);
      expect(silenceToEndTurnMs({ score: 0, thinking: false }, budget, noGrace)).toBe(
        budget.endOfTurnSilenceMs,
      );
      expect(silenceToEndTurnMs({ score: 0, thinking: false }, budget)).toBe(
        budget.endOfTurnSilenceMs! + budget.thinkingGraceMs,
      );
    }
  });

  it('a thinking pause gets the budget plus the thinking grace; silent coding has no silence that ends it', () => {
    expect(silenceToEndTurnMs({ score: 0, thinking: true }, phases.technical)).toBe(1_600 + 6_000);
    expect(silenceToEndTurnMs({ score: 1, thinking: false }, phases.coding)).toBeNull();
  });

  it('the tuning settings move the wait', () => {
    const tuned = { ...settings, finishedWaitMs: 200, finishedScore: 0.6 };
    expect(silenceToEndTurnMs({ score: 0.75, thinking: false }, phases.technical, tuned)).toBe(200);
    expect(silenceToEndTurnMs({ score: 0.5, thinking: false }, phases.technical)).toBeGreaterThan(300);
  });
});

describe('decideEndOfTurn', () => {
  const budget = phases.behavioral;
  const finished = scoreCompleteness('We cut incidents by forty percent.');
  const unfinished = scoreCompleteness('We cut incidents by forty percent and');
  const thinking = scoreCompleteness('We cut incidents, hmm, let me think.');

  it('a confident vendor end-of-turn ends a finished thought at once', () => {
    expect(
      decideEndOfTurn({ completeness: finished, silenceMs: 0, budget, vendorEndOfTurn: { confidence: 0.9 } }),
    ).toMatchObject({ type: 'end', by: 'vendor' });
  });

  it('the words veto the vendor for an unfinished thought or a thinking pause', () => {
    for (const completeness of [unfinished, thinking]) {
      const decision = decideEndOfTurn({
        completeness,
        silenceMs: 500,
        budget,
        vendorEndOfTurn: { confidence: 0.99 },
      });
      expect(decision.type).toBe('wait');
    }
  });

  it('a final alone may be mid-speech: the short wait starts at the vendor end-of-turn', () => {
    const alone = decideEndOfTurn({ completeness: finished, silenceMs: 0, budget });
    const quiet = decideEndOfTurn({ completeness: finished, silenceMs: 0, budget, vendorEndOfTurn: {} });
    expect(alone).toMatchObject({ type: 'wait', waitMs: budget.endOfTurnSilenceMs });
    expect(quiet).toMatchObject({ type: 'wait', waitMs: settings.finishedWaitMs });
    // An STT without end-of-turn signals: the silence counts from the final.
    expect(
      decideEndOfTurn({ completeness: finished, silenceMs: 0, budget, vendorSignalsEnd: false }),
    ).toEqual(quiet);
  });

  it('a middling vendor confidence shortens the wait of a middling text', () => {
    const open = scoreCompleteness('first we profile and second we cache the hot keys');
    const plain = decideEndOfTurn({ completeness: open, silenceMs: 0, budget, vendorEndOfTurn: {} });
    const middling = decideEndOfTurn({
      completeness: open,
      silenceMs: 0,
      budget,
      vendorEndOfTurn: { confidence: 0.65 },
    });
    expect(middling.type === 'wait' && plain.type === 'wait' && middling.waitMs < plain.waitMs).toBe(true);
  });

  it('remaining silence counts down and then ends the turn', () => {
    const vendorEndOfTurn = {};
    expect(
      decideEndOfTurn({ completeness: finished, silenceMs: 100, budget, vendorEndOfTurn }),
    ).toMatchObject({
      type: 'wait',
      waitMs: 300,
      remainingMs: 200,
    });
    expect(
      decideEndOfTurn({ completeness: finished, silenceMs: 300, budget, vendorEndOfTurn }),
    ).toMatchObject({
      type: 'end',
      by: 'silence',
    });
  });
});

describe('EndOfTurnPolicy', () => {
  it('a finished answer ends after the short wait, in every phase with a silence budget', () => {
    for (const phase of ['intro', 'technical', 'behavioral', 'wrap_up'] as const) {
      const { policy, advance } = setup(phase);
      policy.push(final('A hash map gives constant time lookups.'));
      expect(policy.push(vendorEnd())).toMatchObject({ type: 'wait', remainingMs: 300 });
      expect(endsAfter(advance)).toBe(300);
    }
  });

  it('spoken-style finals (no punctuation) end quickly too, well before the budget', () => {
    const { policy, advance } = setup('behavioral');
    policy.push(final('so the result was a forty percent drop in incidents'));
    policy.push(vendorEnd());
    expect(endsAfter(advance)).toBeLessThanOrEqual(500);
  });

  it('a final without the vendor end-of-turn (speech goes on) waits the budget, not the short wait', () => {
    const { policy, advance } = setup('behavioral');
    policy.push(final('So the result was a forty percent drop in incidents.'));
    expect(advance(1_000).type).toBe('wait');
    policy.push(partial('and'));
    policy.push(final('and the team kept the practice.'));
    policy.push(vendorEnd());
    expect(endsAfter(advance)).toBe(300);
  });

  it('an STT without end-of-turn signals: the short wait runs from the final', () => {
    let clock = 0;
    const policy = new EndOfTurnPolicy({ now: () => clock, vendorSignalsEnd: false });
    policy.setQuestion(phases.technical);
    policy.push(final('A hash map gives constant time lookups.'));
    const advance = (ms: number) => {
      clock += ms;
      return policy.decide();
    };
    expect(endsAfter(advance)).toBe(300);
  });

  it('an unfinished thought waits the whole phase budget and its thinking grace', () => {
    const { policy, advance } = setup('technical');
    policy.push(final('I would put a cache in front of it because'));
    expect(endsAfter(advance)).toBe(1_600 + 6_000);
  });

  it('without the grace for unfinished thoughts, the silence budget alone is the ceiling', () => {
    let clock = 0;
    const policy = new EndOfTurnPolicy({
      now: () => clock,
      settings: { ...settings, graceForUnfinished: false },
    });
    policy.setQuestion(phases.technical);
    policy.push(final('I would put a cache in front of it because'));
    const advance = (ms: number) => {
      clock += ms;
      return policy.decide();
    };
    expect(endsAfter(advance)).toBe(1_600);
  });

  it('a thinking pause is not cut even by a confident vendor end-of-turn, and the answer goes on', () => {
    const { policy, advance } = setup('behavioral');
    policy.push(final('In my last role we had an outage. Hmm, let me think.'));
    expect(policy.push(vendorEnd(0.95)).type).toBe('wait');
    expect(advance(6_000).type).toBe('wait');
    policy.push({ type: 'speech-start', atMs: 0 });
    policy.push(partial('the cache'));
    expect(advance(5_000).type).toBe('hold');
    policy.push(final('The cache expired at once and the database fell over.'));
    expect(policy.push(vendorEnd(0.9))).toMatchObject({ type: 'end', by: 'vendor' });
    expect(policy.text).toBe(
      'In my last role we had an outage. Hmm, let me think. The cache expired at once and the database fell over.',
    );
  });

  it('holds while words are still being recognised, and before anything was said', () => {
    const { policy, advance } = setup('intro');
    expect(advance(5_000).type).toBe('hold');
    policy.push(partial('I mostly work'));
    expect(advance(5_000).type).toBe('hold');
  });

  it('an interim repeated word for word is not new speech; a changed one is', () => {
    const { policy, advance } = setup('intro');
    policy.push(final('I mostly work in TypeScript.'));
    advance(200);
    policy.push(partial('and'));
    policy.push(final('and Go.'));
    advance(200);
    expect(policy.silenceMs).toBe(200);
    policy.push(partial('uh'));
    advance(100);
    policy.push(partial('uh'));
    expect(policy.silenceMs).toBe(100);
    policy.push(partial('uh we'));
    expect(policy.silenceMs).toBe(0);
  });

  it('new speech after a vendor end-of-turn withdraws it', () => {
    const { policy } = setup('technical');
    policy.push(final('It depends on the data.'));
    policy.push(vendorEnd(0.5));
    policy.push(partial('and the'));
    expect(policy.push(final('and the traffic')).type).toBe('wait');
  });

  it('silent coding: no silence ends the turn', () => {
    const { policy, advance } = setup('coding');
    policy.push(final('Done, that is my solution.'));
    expect(advance(60_000).type).toBe('hold');
  });

  it('a word or two to an open question waits longer than a full sentence', () => {
    const { policy, advance } = setup('technical', 'Explain how you would scale the service.');
    policy.push(final('the cache'));
    expect(endsAfter(advance)).toBeGreaterThan(settings.finishedWaitMs);
  });

  it('reset starts the next turn empty', () => {
    const { policy, advance } = setup('intro');
    policy.push(final('Yes.'));
    policy.reset();
    expect(policy.text).toBe('');
    expect(advance(10_000).type).toBe('hold');
  });
});
