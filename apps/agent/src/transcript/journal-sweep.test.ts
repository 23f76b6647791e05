import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BackendClient, createBackendClient } from '@bot-backend/backend-client';
import { startUserManagementStandIn, type UserManagementStandIn } from '@bot-backend/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sweepOpenJournals } from './journal-sweep.js';
import { journalFileName, MeetingJournal, openJournalIds } from './meeting-journal.js';

const SECRET = 'agent-sweep-secret-0123456789abcdef-xyz';
let standIn: UserManagementStandIn;
let client: BackendClient;
beforeAll(async () => {
  standIn = await startUserManagementStandIn({ secret: SECRET });
  client = createBackendClient({ baseUrl: standIn.url, secret: SECRET });
}, 120_000);
afterAll(async () => {
  await client?.dispose();
  await standIn?.close();
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-sweep-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const journals = () => join(dir, 'meetings');
async function leftBehind(meetingId: string, options: { ended?: boolean; idleMs?: number } = {}) {
  const journal = await MeetingJournal.open(journals(), meetingId, { fsync: false });
  await journal.append({
    id: 'ann#1',
    speaker: 'ann',
    text: 'The budget review moves to May.',
    startMs: 0,
    endMs: 2_000,
  });
  if (options.ended) await journal.markEnded('everyone_left');
  await journal.close();
  if (options.idleMs) {
    const at = (Date.now() - options.idleMs) / 1000;
    utimesSync(join(journals(), journalFileName(meetingId)), at, at);
  }
}
const rowsOf = async (meetingId: string) =>
  (await standIn.rows()).filter((r) => r.kind === 'transcript' && r.meetingId === meetingId);

describe('sweepOpenJournals', () => {
  it('finishes a meeting whose worker died and whose room is gone; leaves live and fresh ones', async () => {
    await leftBehind('gone-1', { idleMs: 10 * 60_000 });
    await leftBehind('live-2', { idleMs: 10 * 60_000 });
    await leftBehind('fresh-3');
    const asked: string[] = [];
    const results = await sweepOpenJournals({
      journalDir: journals(),
      outboxRoot: join(dir, 'outbox'),
      backend: client,
      roomExists: async (room) => {
        asked.push(room);
        return room === 'meeting-live-2';
      },
    });
    expect(results.map((r) => [r.meetingId, r.reason, r.handOff.delivery])).toEqual([
      ['gone-1', 'room_gone', 'delivered'],
    ]);
    expect(asked.sort()).toEqual(['meeting-gone-1', 'meeting-live-2']);
    const rows = await rowsOf('gone-1');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.transcript).toEqual([
      { speaker: 'ann', text: 'The budget review moves to May.', startMs: 0, endMs: 2_000 },
    ]);
    expect(rows[0]!.payload).toMatchObject({ endReason: 'room_gone' });
    expect((await openJournalIds(journals())).sort()).toEqual(['fresh-3', 'live-2']);
  });

  it('hands off a meeting that had ended before the restart, after the grace, once', async () => {
    await leftBehind('ended-4', { ended: true });
    const sweep = (now: number) =>
      sweepOpenJournals({
        journalDir: journals(),
        outboxRoot: join(dir, 'outbox'),
        backend: client,
        roomExists: async () => undefined,
        now: () => now,
      });
    expect(await sweep(Date.now())).toEqual([]);
    const later = await sweep(Date.now() + 11 * 60_000);
    expect(later.map((r) => [r.meetingId, r.reason])).toEqual([['ended-4', 'ended_before_restart']]);
    expect(await sweep(Date.now() + 12 * 60_000)).toEqual([]);
    expect(await rowsOf('ended-4')).toHaveLength(1);
  });

  it('does nothing when the server cannot say whether the room exists', async () => {
    await leftBehind('unknown-5', { idleMs: 10 * 60_000 });
    const results = await sweepOpenJournals({
      journalDir: journals(),
      outboxRoot: join(dir, 'outbox'),
      backend: client,
      roomExists: async () => undefined,
    });
    expect(results).toEqual([]);
    expect(await openJournalIds(journals())).toEqual(['unknown-5']);
  });
});
