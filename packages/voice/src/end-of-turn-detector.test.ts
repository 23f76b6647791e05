import type { SttStreamPart } from '@bot-backend/interfaces';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CandidateTurn, EndOfTurnDetector } from './end-of-turn-detector.js';
import type { InterviewPhase } from './interview-phase.js';
import { defaultTurnSettings } from './turn-settings.js';

const fields = (text: string) => ({ text, words: [], confidence: 0.9, startMs: 0, endMs: 1000 });
const final = (text: string): SttStreamPart => ({ type: 'transcript-final', ...fields(text) });
const partial = (text: string): SttStreamPart => ({ type: 'transcript-partial', ...fields(text) });
const endOfTurn: SttStreamPart = { type: 'end-of-turn', atMs: 0, text: '' };

function setup(phase: InterviewPhase) {
  const turns: CandidateTurn[] = [];
  const overBudget: number[] = [];
  const detector = new EndOfTurnDetector(
    defaultTurnSettings,
    { onTurn: (t) => turns.push(t), onOverBudget: (ms) => overBudget.push(ms) },
    { phase },
  );
  return { detector, turns, overBudget };
}

describe('EndOfTurnDetector', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('spans a turn from its first word to its last when the STT gives word timings', () => {
    const { detector, turns } = setup('intro');
    const words = [
      { word: 'hello', startMs: 1_250, endMs: 1_600 },
      { word: 'there', startMs: 1_650, endMs: 2_000 },
    ];
    detector.push({
      type: 'transcript-final',
      text: 'hello there',
      words,
      confidence: 0.9,
      startMs: 900,
      endMs: 2_300,
    });
    detector.commit();
    expect(turns[0]).toMatchObject({ startMs: 1_250, endMs: 2_000 });
  });

  it('a finished technical answer ends after a short silence, well inside the phase budget', () => {
    const { detector, turns } = setup('technical');
    detector.push(final('A hash map gives constant time lookups.'));
    detector.push(endOfTurn);
    vi.advanceTimersByTime(250);
    expect(turns).toHaveLength(0);
    vi.advanceTimersByTime(100);
    expect(turns.map((t) => t.text)).toEqual(['A hash map gives constant time lookups.']);
  });

  it("the STT's confident end-of-turn ends a finished answer at once; an unfinished one waits", () => {
    const { detector, turns } = setup('technical');
    detector.push(final('I would shard by customer id because'));
    detector.push({ type: 'end-of-turn', atMs: 0, text: '', confidence: 0.95 });
    vi.advanceTimersByTime(1_600);
    expect(turns).toHaveLength(0);
    detector.push(final('the load is even across customers.'));
    detector.push({ type: 'end-of-turn', atMs: 0, text: '', confidence: 0.95 });
    expect(turns.map((t) => t.text)).toEqual([
      'I would shard by customer id because the load is even across customers.',
    ]);
  });

  it('reports each decision while the turn is open, for a reply started before the turn ends', () => {
    const decisions: string[] = [];
    const detector = new EndOfTurnDetector(
      defaultTurnSettings,
      { onTurn: () => {}, onDecision: (d) => decisions.push(d.type) },
      { phase: 'intro' },
    );
    detector.push(final('I mostly work in TypeScript.'));
    detector.push(partial('and'));
    vi.advanceTimersByTime(5_000);
    detector.push(final('and Go.'));
    vi.advanceTimersByTime(1_000);
    expect(decisions).toEqual(['wait', 'hold', 'wait', 'end']);
  });

  it('a 4-second thinking pause in a behavioral answer does not end the turn', () => {
    const { detector, turns } = setup('behavioral');
    detector.push(final('In my last role we had an outage, and then'));
    detector.push(endOfTurn);
    vi.advanceTimersByTime(4_000);
    expect(turns).toHaveLength(0);
    detector.push({ type: 'speech-start', atMs: 0 });
    detector.push(partial('the cache'));
    detector.push(final('The cache expired at once and the database fell over'));
    detector.push(endOfTurn);
    vi.advanceTimersByTime(2_100);
    expect(turns).toHaveLength(1);
    expect(turns[0]!.text).toBe(
      'In my last role we had an outage, and then The cache expired at once and the database fell over',
    );
  });

  it('a finished sentence followed by silence ends a behavioral answer', () => {
    const { detector, turns } = setup('behavioral');
    detector.push(final('So the result was a 40% drop in incidents.'));
    vi.advanceTimersByTime(2_100);
    expect(turns).toHaveLength(1);
  });

  it('"let me think" buys time in any talking phase', () => {
    const { detector, turns } = setup('intro');
    detector.push(final('Hmm, let me think.'));
    vi.advanceTimersByTime(3_000);
    expect(turns).toHaveLength(0);
    vi.advanceTimersByTime(2_000);
    expect(turns).toHaveLength(1);
  });

  it('speech resuming before the silence passes keeps one turn', () => {
    const { detector, turns } = setup('intro');
    detector.push(final('I am a backend engineer with'));
    vi.advanceTimersByTime(600);
    detector.push(partial('eight'));
    vi.advanceTimersByTime(2_000);
    expect(turns).toHaveLength(0);
    detector.push(final('eight years in payments'));
    vi.advanceTimersByTime(950);
    expect(turns.map((t) => t.text)).toEqual(['I am a backend engineer with eight years in payments']);
  });

  it('never ends a coding turn on silence; commit ends it', () => {
    const { detector, turns } = setup('coding');
    detector.push(final('I will iterate once and keep a map'));
    vi.advanceTimersByTime(60_000);
    expect(turns).toHaveLength(0);
    detector.commit();
    expect(turns).toEqual([
      expect.objectContaining({ text: 'I will iterate once and keep a map', reason: 'commit' }),
    ]);
  });

  it('signals once when an answer runs over its budget', () => {
    const { detector, overBudget } = setup('technical');
    detector.setQuestion('technical', 5_000);
    // Talking without a long pause: partials keep the turn open.
    const talk = (ms: number) => {
      for (let t = 0; t < ms; t += 500) {
        vi.advanceTimersByTime(500);
        detector.push(partial('and more'));
      }
    };
    detector.push(final('First point'));
    talk(3_000);
    detector.push(final('second point'));
    expect(overBudget).toHaveLength(0);
    talk(3_000);
    detector.push(final('third point'));
    detector.push(final('fourth point'));
    // Past the budget, but still talking: no cut-in mid-sentence.
    expect(overBudget).toHaveLength(0);
    detector.push(endOfTurn);
    expect(overBudget).toHaveLength(1);
    expect(overBudget[0]).toBeGreaterThan(5_000);
    detector.push(final('and a fifth'));
    detector.push(endOfTurn);
    expect(overBudget).toHaveLength(1);
  });
});
