import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackendClient } from '@bot-backend/backend-client';
import type { LLM } from '@bot-backend/interfaces';
import { journalFileName, MeetingJournal, openJournalIds } from './meeting-journal.js';
import { openMeetingOutbox } from './meeting-outbox.js';
import { TranscriptAggregator } from './transcript-aggregator.js';
import { handOffTranscript, type TranscriptHandOff } from './transcript-handoff.js';

export interface JournalSweepOptions {
  journalDir: string;
  outboxRoot: string;
  backend: BackendClient;
  llm?: LLM | undefined;
  /**
   * Whether the meeting's room still exists on the LiveKit server; undefined
   * when that cannot be known (the journal is then left alone).
   */
  roomExists: (roomName: string) => Promise<boolean | undefined>;
  /** A journal not written for this long, whose room is gone, is finished here. Default 2 min. */
  idleMs?: number;
  /** An ended journal is left this long to the job handing it off. Default 10 min. */
  handOffGraceMs?: number;
  now?: () => number;
}

export interface JournalSweepResult {
  meetingId: string;
  reason: 'ended_before_restart' | 'room_gone';
  handOff: TranscriptHandOff;
}

/**
 * Finishes meetings whose job is gone: the worker was killed mid-meeting and
 * the room closed before any job reopened the journal, or a job ended the
 * meeting but died before handing it off. Their transcripts are summarized and
 * posted like any other; meetings whose room still exists are left to it.
 */
export async function sweepOpenJournals(options: JournalSweepOptions): Promise<JournalSweepResult[]> {
  const now = options.now ?? Date.now;
  const idleMs = options.idleMs ?? 2 * 60_000;
  const graceMs = options.handOffGraceMs ?? 10 * 60_000;
  const results: JournalSweepResult[] = [];
  for (const meetingId of await openJournalIds(options.journalDir)) {
    const path = join(options.journalDir, journalFileName(meetingId));
    const read = await MeetingJournal.read(path).catch(() => undefined);
    if (!read || read.handedOff) continue;
    let reason: JournalSweepResult['reason'];
    if (read.meeting.ended) {
      if (now() - read.meeting.ended.at < graceMs) continue;
      reason = 'ended_before_restart';
    } else {
      const idle = now() - (await stat(path)).mtimeMs;
      if (idle < idleMs) continue;
      if ((await options.roomExists(`meeting-${meetingId}`)) !== false) continue;
      reason = 'room_gone';
    }
    const journal = await MeetingJournal.open(options.journalDir, meetingId);
    const outbox = await openMeetingOutbox(options.outboxRoot, meetingId, options.backend);
    try {
      const aggregator = TranscriptAggregator.from(journal.recovered?.segments ?? []);
      const handOff = await handOffTranscript({
        journal,
        segments: aggregator.segments(),
        outbox,
        endReason: reason,
        llm: options.llm,
        nameOf: (speaker) => aggregator.nameOf(speaker),
        now,
      });
      results.push({ meetingId, reason, handOff });
    } finally {
      await outbox.close();
      await journal.close();
    }
  }
  return results;
}
