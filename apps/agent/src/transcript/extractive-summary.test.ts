import { describe, expect, it } from 'vitest';
import { extractiveSummary } from './extractive-summary.js';
import type { TranscriptSegmentRecord } from './transcript-aggregator.js';

const seg = (speaker: string, text: string, startMs: number): TranscriptSegmentRecord => ({
  id: `${speaker}#${startMs}`,
  speaker,
  text,
  startMs,
  endMs: startMs + 2_000,
});

const meeting = [
  seg('alice', 'Good morning everyone.', 0),
  seg(
    'alice',
    'The launch date depends on the database migration. The migration needs two more days.',
    3_000,
  ),
  seg('bob', 'Yeah, okay.', 8_000),
  seg('bob', 'I can own the database migration and report on Friday.', 10_000),
  seg('alice', 'Great, then the launch moves to next Tuesday.', 14_000),
  seg('bob', 'Lunch is at noon by the way.', 60_000),
];

describe('extractiveSummary', () => {
  it('picks each speaker’s sentences about the meeting’s main topics, in spoken order', () => {
    const summary = extractiveSummary(meeting, { nameOf: (s) => s.toUpperCase() });
    const lines = summary.split('\n');
    expect(lines[0]).toBe('Meeting summary (extractive): 2 speakers, 6 segments, 1 min of speech.');
    expect(lines[1]).toMatch(/^Topics: .*migration/);
    expect(lines[1]).toContain('database');
    const alice = lines.find((l) => l.startsWith('- ALICE: '))!;
    const bob = lines.find((l) => l.startsWith('- BOB: '))!;
    expect(alice).toContain('The launch date depends on the database migration.');
    expect(alice).not.toContain('Good morning');
    expect(bob).toContain('I can own the database migration');
    expect(bob).not.toContain('Yeah, okay');
  });

  it('is deterministic and says so when nothing was said', () => {
    expect(extractiveSummary(meeting)).toBe(extractiveSummary([...meeting]));
    expect(extractiveSummary([])).toBe('No speech was transcribed in this meeting.');
  });

  it('honours sentencesPerSpeaker', () => {
    const one = extractiveSummary(meeting, { sentencesPerSpeaker: 1 });
    const aliceLine = one.split('\n').find((l) => l.startsWith('- alice: '))!;
    expect(aliceLine.match(/[.!?](\s|$)/g)).toHaveLength(1);
  });
});
