import { describe, expect, it } from 'vitest';
import { normalizeForComparison, TranscriptAggregator } from './transcript-aggregator.js';

describe('TranscriptAggregator', () => {
  it('interleaves overlapping speakers in meeting order, each keyed by identity', () => {
    const t = new TranscriptAggregator();
    t.addFinal({
      speaker: 'alice',
      speakerName: 'Alice',
      text: 'Let us start with the roadmap.',
      startMs: 0,
      endMs: 2_000,
    });
    // Bob talks over the end of Alice's sentence.
    t.addFinal({ speaker: 'bob', text: 'Sorry, quick question first.', startMs: 1_500, endMs: 3_000 });
    t.addFinal({ speaker: 'alice', text: 'Sure, go ahead.', startMs: 3_100, endMs: 4_000 });
    expect(t.segments().map((s) => [s.speaker, s.startMs])).toEqual([
      ['alice', 0],
      ['bob', 1_500],
      ['alice', 3_100],
    ]);
    expect(t.segmentsOf('alice').map((s) => s.id)).toEqual(['alice#1', 'alice#2']);
    expect(t.speakers()).toEqual(['alice', 'bob']);
    expect(t.nameOf('alice')).toBe('Alice');
    expect(t.nameOf('bob')).toBe('bob');
  });

  it('a late joiner lands at the time they spoke, before earlier-arriving finals that started later', () => {
    const t = new TranscriptAggregator();
    t.addFinal({ speaker: 'alice', text: 'Welcome everyone.', startMs: 60_000, endMs: 61_000 });
    t.addFinal({ speaker: 'carol', text: 'Hi, joining late.', startMs: 59_000, endMs: 60_500 });
    expect(t.segments().map((s) => s.speaker)).toEqual(['carol', 'alice']);
  });

  it('a reconnected speaker continues the same transcript; a replayed final is dropped', () => {
    const t = new TranscriptAggregator();
    expect(
      t.addFinal({ speaker: 'bob', text: 'First point is latency.', startMs: 1_000, endMs: 2_000 }),
    ).toBeDefined();
    // The new track after a reconnect replays the last final with other punctuation and shifted times.
    expect(
      t.addFinal({ speaker: 'bob', text: 'first point is latency', startMs: 1_900, endMs: 2_600 }),
    ).toBeUndefined();
    const next = t.addFinal({ speaker: 'bob', text: 'Second point is cost.', startMs: 9_000, endMs: 10_000 });
    expect(next?.id).toBe('bob#2');
    // The same words much later are said again, not a replay.
    expect(
      t.addFinal({ speaker: 'bob', text: 'First point is latency.', startMs: 60_000, endMs: 61_000 }),
    ).toBeDefined();
    // The same words from someone else are theirs.
    expect(
      t.addFinal({ speaker: 'alice', text: 'Second point is cost.', startMs: 9_000, endMs: 10_000 }),
    ).toBeDefined();
    expect(t.segmentsOf('bob').map((s) => s.text)).toEqual([
      'First point is latency.',
      'Second point is cost.',
      'First point is latency.',
    ]);
    expect(t.size).toBe(4);
  });

  it('ignores empty finals and keeps times non-negative and ordered', () => {
    const t = new TranscriptAggregator();
    expect(t.addFinal({ speaker: 'a', text: '   ', startMs: 0, endMs: 10 })).toBeUndefined();
    const s = t.addFinal({ speaker: 'a', text: 'ok', startMs: -5, endMs: -10 });
    expect(s).toMatchObject({ startMs: 0, endMs: 0 });
  });

  it('a partial is replaced by the next one and cleared by its final', () => {
    const t = new TranscriptAggregator();
    t.setPartial({ speaker: 'a', text: 'hel', startMs: 0, endMs: 200 });
    t.setPartial({ speaker: 'a', text: 'hello wor', startMs: 0, endMs: 600 });
    expect(t.partial('a')?.text).toBe('hello wor');
    t.addFinal({ speaker: 'a', text: 'Hello world.', startMs: 0, endMs: 800 });
    expect(t.partial('a')).toBeUndefined();
  });

  it('rebuilds from journalled records, dropping duplicates the journal holds', () => {
    const first = new TranscriptAggregator();
    const a = first.addFinal({ speaker: 'a', text: 'One.', startMs: 0, endMs: 500 })!;
    const b = first.addFinal({ speaker: 'b', text: 'Two.', startMs: 400, endMs: 900 })!;
    const rebuilt = TranscriptAggregator.from([a, b, { ...a }]);
    expect(rebuilt.segments()).toEqual([a, b]);
    // Ids continue after the recovered ones.
    expect(rebuilt.addFinal({ speaker: 'a', text: 'Three.', startMs: 5_000, endMs: 5_500 })?.id).toBe('a#2');
  });

  it('normalizeForComparison ignores case, punctuation and spacing', () => {
    expect(normalizeForComparison('  Hello,   World! ')).toBe('hello world');
  });
});
