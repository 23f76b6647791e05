import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BackendClient, createBackendClient, type Outbox } from '@bot-backend/backend-client';
import {
  type OpenAiFake,
  startOpenAiFake,
  startUserManagementStandIn,
  type UserManagementStandIn,
} from '@bot-backend/testkit';
import { createOpenAI } from '@bot-backend/vendors-openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MeetingJournal } from './meeting-journal.js';
import { openMeetingOutbox, sweepMeetingOutboxes } from './meeting-outbox.js';
import { TranscriptAggregator } from './transcript-aggregator.js';
import { handOffTranscript } from './transcript-handoff.js';

const SECRET = 'agent-test-secret-0123456789abcdef-xyz';
let standIn: UserManagementStandIn;
let openai: OpenAiFake;
beforeAll(async () => {
  standIn = await startUserManagementStandIn({ secret: SECRET });
  openai = await startOpenAiFake();
}, 120_000);
afterAll(async () => {
  await standIn?.close();
  await openai?.close();
});

let dir: string;
let client: BackendClient;
const outboxes: Outbox[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-handoff-'));
  client = createBackendClient({
    baseUrl: standIn.url,
    secret: SECRET,
    retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
  });
});
afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((o) => o.close()));
  await client.dispose();
  await standIn.up();
  openai.reset();
  rmSync(dir, { recursive: true, force: true });
});

async function meeting(meetingId: string) {
  const journal = await MeetingJournal.open(join(dir, 'journals'), meetingId, { fsync: false });
  const t = new TranscriptAggregator();
  const said = [
    {
      speaker: 'alice',
      speakerName: 'Alice',
      text: 'We ship the billing export on Monday.',
      startMs: 0,
      endMs: 2_500,
    },
    { speaker: 'bob', text: 'I will write the billing export tests.', startMs: 2_000, endMs: 4_000 },
  ];
  for (const s of said) await journal.append(t.addFinal(s)!);
  return { journal, segments: t.segments(), nameOf: (s: string) => t.nameOf(s) };
}
async function outboxFor(meetingId: string) {
  const outbox = await openMeetingOutbox(join(dir, 'outbox'), meetingId, client);
  outboxes.push(outbox);
  return outbox;
}
const rowsOf = async (meetingId: string) =>
  (await standIn.rows()).filter((r) => r.kind === 'transcript' && r.meetingId === meetingId);

describe('handOffTranscript against the user-management stand-in', () => {
  it('posts transcript and extractive summary once, under the meeting, with the journal’s key', async () => {
    const m = await meeting('mtg-a-1');
    const outbox = await outboxFor('mtg-a-1');
    const result = await handOffTranscript({
      journal: m.journal,
      segments: m.segments,
      outbox,
      endReason: 'everyone_left',
      nameOf: m.nameOf,
    });
    expect(result.delivery).toBe('delivered');
    expect(result.summary.method).toBe('extractive');
    expect(result.summary.fallbackReason).toBe('no LLM configured');

    const rows = await rowsOf('mtg-a-1');
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.sessionId).toBe('meeting-mtg-a-1');
    expect(row.idempotencyKey).toBe(result.idempotencyKey);
    expect(row.idempotencyKey).toContain('mtg-a-1');
    expect(row.transcript).toEqual([
      {
        speaker: 'alice',
        speakerName: 'Alice',
        text: 'We ship the billing export on Monday.',
        startMs: 0,
        endMs: 2_500,
      },
      { speaker: 'bob', text: 'I will write the billing export tests.', startMs: 2_000, endMs: 4_000 },
    ]);
    expect(row.summary).toContain('- Alice: We ship the billing export on Monday.');
    expect(row.payload).toMatchObject({
      summaryMethod: 'extractive',
      speakers: ['alice', 'bob'],
      endReason: 'everyone_left',
    });
    const posts = standIn.requests.filter(
      (r) => r.method === 'POST' && r.path === '/api/internal/meetings/mtg-a-1/transcript',
    );
    expect(posts).toHaveLength(1);
  });

  it('a crash after the outbox took it but before the journal said so posts again with the same key: stored once', async () => {
    const m = await meeting('mtg-b');
    const outbox = await outboxFor('mtg-b');
    // First run: everything but the journal's hand-off mark (as if killed right after submit).
    await m.journal.markEnded('room_closed');
    await outbox.submit(
      'transcript',
      '/api/internal/meetings/mtg-b/transcript',
      { segments: m.segments, summary: 'first' },
      { idempotencyKey: m.journal.idempotencyKey },
    );
    await m.journal.close();
    // The restarted worker finds an ended meeting that was never handed off and finishes it.
    const recovered = await MeetingJournal.open(join(dir, 'journals'), 'mtg-b', { fsync: false });
    expect(recovered.recovered?.ended?.reason).toBe('room_closed');
    const result = await handOffTranscript({
      journal: recovered,
      segments: TranscriptAggregator.from(recovered.recovered!.segments).segments(),
      outbox,
      endReason: 'room_closed',
    });
    expect(result.delivery).toBe('delivered');
    expect(await rowsOf('mtg-b')).toHaveLength(1);
    const keys = standIn.requests
      .filter((r) => r.path.endsWith('/mtg-b/transcript'))
      .map((r) => r.idempotencyKey);
    expect(keys).toEqual([m.journal.idempotencyKey, m.journal.idempotencyKey]);
  });

  it('user-management down: queued durably, then delivered by the sweep once it is back', async () => {
    const m = await meeting('mtg-c');
    const outbox = await outboxFor('mtg-c');
    await standIn.down();
    const result = await handOffTranscript({
      journal: m.journal,
      segments: m.segments,
      outbox,
      endReason: 'room_closed',
      deliverBudgetMs: 200,
    });
    expect(result.delivery).toBe('queued');
    // The job ends here; its outbox directory holds the post.
    await outbox.close();
    outboxes.splice(outboxes.indexOf(outbox), 1);
    expect(await rowsOf('mtg-c')).toHaveLength(0);
    await standIn.up();
    const swept = await sweepMeetingOutboxes(join(dir, 'outbox'), client, { budgetMs: 5_000 });
    expect(swept).toEqual({ drained: 1, pending: 0, busy: 0 });
    const rows = await rowsOf('mtg-c');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.idempotencyKey).toBe(result.idempotencyKey);
  });

  it('a directory held by a running job is left to it', async () => {
    await outboxFor('mtg-busy');
    expect(await sweepMeetingOutboxes(join(dir, 'outbox'), client, { budgetMs: 1_000 })).toEqual({
      drained: 0,
      pending: 0,
      busy: 1,
    });
  });

  it('summarizes with the LLM when one is configured, the transcript delimited as data', async () => {
    openai.reply('- Billing export ships Monday; Bob writes its tests.');
    const m = await meeting('mtg-d');
    const outbox = await outboxFor('mtg-d');
    const llm = createOpenAI({ apiKey: 'sk-test', baseURL: openai.openaiBaseURL }).llm('gpt-4o-mini');
    const result = await handOffTranscript({
      journal: m.journal,
      segments: m.segments,
      outbox,
      endReason: 'everyone_left',
      llm,
      nameOf: m.nameOf,
    });
    expect(result.summary).toMatchObject({
      method: 'llm',
      text: '- Billing export ships Monday; Bob writes its tests.',
    });
    const rows = await rowsOf('mtg-d');
    expect(rows[0]!.summary).toBe('- Billing export ships Monday; Bob writes its tests.');
    const body = openai.chatRequests().at(-1)!.body as { messages: { role: string; content: string }[] };
    expect(body.messages[0]!.role).toBe('system');
    expect(body.messages[1]!.content).toBe(
      '<transcript>\n[00:00] Alice: We ship the billing export on Monday.\n[00:02] bob: I will write the billing export tests.\n</transcript>',
    );
  });

  it('falls back to the extractive summary when the LLM fails, and says why', async () => {
    openai.fail(500);
    const m = await meeting('mtg-e');
    const outbox = await outboxFor('mtg-e');
    const llm = createOpenAI({ apiKey: 'sk-test', baseURL: openai.openaiBaseURL }).llm('gpt-4o-mini');
    const result = await handOffTranscript({
      journal: m.journal,
      segments: m.segments,
      outbox,
      endReason: 'everyone_left',
      llm,
    });
    expect(result.summary.method).toBe('extractive');
    expect(result.summary.fallbackReason).toMatch(/^LLM failed: VendorError/);
    expect((await rowsOf('mtg-e'))[0]!.summary).toContain('Meeting summary (extractive)');
  });
});
