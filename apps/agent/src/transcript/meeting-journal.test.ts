import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { journalFileName, MeetingJournal, openJournalIds } from './meeting-journal.js';
import type { TranscriptSegmentRecord } from './transcript-aggregator.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agent-journal-'));
  dirs.push(dir);
  return dir;
}
const seg = (n: number, speaker = 'alice'): TranscriptSegmentRecord => ({
  id: `${speaker}#${n}`,
  speaker,
  text: `Sentence number ${n}.`,
  startMs: n * 1_000,
  endMs: n * 1_000 + 800,
});

describe('MeetingJournal', () => {
  it('recovers every appended final, the journal id and the meeting clock after a restart', async () => {
    const dir = tempDir();
    let clock = 1_700_000_000_000;
    const first = await MeetingJournal.open(dir, 'team-sync-7', { now: () => clock });
    await first.append(seg(1));
    await first.append(seg(2, 'bob'));
    // The process dies here: no close, no end.
    clock += 60_000;
    const second = await MeetingJournal.open(dir, 'team-sync-7', { now: () => clock });
    expect(second.recovered?.segments).toEqual([seg(1), seg(2, 'bob')]);
    expect(second.journalId).toBe(first.journalId);
    expect(second.startedAt).toBe(1_700_000_000_000);
    expect(second.idempotencyKey).toBe(first.idempotencyKey);
    await second.append(seg(3));
    await first.close();
    await second.close();
    const third = await MeetingJournal.open(dir, 'team-sync-7');
    expect(third.recovered?.segments.map((s) => s.id)).toEqual(['alice#1', 'bob#2', 'alice#3']);
    await third.close();
  });

  it('cuts a torn last line (a crash mid-write) and keeps appending after the last whole line', async () => {
    const dir = tempDir();
    const journal = await MeetingJournal.open(dir, '42');
    await journal.append(seg(1));
    await journal.close();
    const path = join(dir, journalFileName('42'));
    appendFileSync(path, '{"op":"segment","segment":{"id":"alice#2","spea');
    const reopened = await MeetingJournal.open(dir, '42');
    expect(reopened.recovered?.segments).toEqual([seg(1)]);
    expect(reopened.recovered?.truncatedBytes).toBeGreaterThan(0);
    await reopened.append(seg(2));
    await reopened.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).op)).toEqual(['open', 'segment', 'segment']);
  });

  it('remembers that the meeting ended, and starts a fresh journal once handed off', async () => {
    const dir = tempDir();
    const journal = await MeetingJournal.open(dir, '42');
    await journal.append(seg(1));
    await journal.markEnded('everyone_left');
    const afterCrash = await MeetingJournal.open(dir, '42');
    expect(afterCrash.recovered?.ended?.reason).toBe('everyone_left');
    await journal.close();
    await afterCrash.markHandedOff(afterCrash.idempotencyKey, 'queued');
    expect(await openJournalIds(dir)).toEqual([]);
    expect(readdirSync(dir).some((name) => name.endsWith('.done'))).toBe(true);
    const nextMeeting = await MeetingJournal.open(dir, '42');
    expect(nextMeeting.recovered).toBeUndefined();
    expect(nextMeeting.journalId).not.toBe(afterCrash.journalId);
    expect(await openJournalIds(dir)).toEqual(['42']);
    await nextMeeting.close();
  });

  it('ids that are not file-name safe get their own journal', async () => {
    const dir = tempDir();
    const journal = await MeetingJournal.open(dir, 'a/b c');
    await journal.close();
    expect(await openJournalIds(dir)).toEqual(['a/b c']);
  });

  it('a file with a broken first line is set aside, not appended to', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, journalFileName('9')), 'not json\n');
    const journal = await MeetingJournal.open(dir, '9');
    expect(journal.recovered).toBeUndefined();
    await journal.append(seg(1));
    await journal.close();
    expect(readdirSync(dir).filter((name) => name.includes('.unreadable-'))).toHaveLength(1);
    const reopened = await MeetingJournal.open(dir, '9');
    expect(reopened.recovered?.segments).toEqual([seg(1)]);
    await reopened.close();
  });
});
