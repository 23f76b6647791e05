import {
  backendPaths,
  type DeliveryState,
  type Outbox,
  type TranscriptPayload,
} from '@bot-backend/backend-client';
import type { LLM } from '@bot-backend/interfaces';
import type { MeetingJournal } from './meeting-journal.js';
import { type MeetingSummary, summarizeMeeting } from './meeting-summarizer.js';
import type { TranscriptSegmentRecord } from './transcript-aggregator.js';

export interface TranscriptHandOff {
  delivery: DeliveryState;
  idempotencyKey: string;
  segments: number;
  summary: MeetingSummary;
}

/** The body of `POST /api/internal/meetings/{id}/transcript` (fields beyond the contract are additive). */
export function buildTranscriptPayload(
  segments: readonly TranscriptSegmentRecord[],
  summary: MeetingSummary,
  meeting: { meetingId: string; startedAt: number; endedAt: number; endReason: string },
): TranscriptPayload {
  return {
    segments: segments.map((s) => ({
      speaker: s.speaker,
      ...(s.speakerName ? { speakerName: s.speakerName } : {}),
      text: s.text,
      startMs: s.startMs,
      endMs: s.endMs,
    })),
    summary: summary.text,
    summaryMethod: summary.method,
    meetingId: meeting.meetingId,
    speakers: [...new Set(segments.map((s) => s.speaker))],
    startedAt: new Date(meeting.startedAt).toISOString(),
    endedAt: new Date(meeting.endedAt).toISOString(),
    endReason: meeting.endReason,
  };
}

/**
 * The end of a meeting: mark the journal ended, summarize, and put the
 * transcript and summary in the outbox (durable once this resolves) with the
 * journal's idempotency key, which is the same after a restart, so a post
 * repeated by a crash between these steps is stored once. One short delivery
 * attempt is made; after "queued" the outbox sender keeps trying.
 */
export async function handOffTranscript(options: {
  journal: MeetingJournal;
  segments: readonly TranscriptSegmentRecord[];
  outbox: Outbox;
  endReason: string;
  llm?: LLM | undefined;
  nameOf?: (speaker: string) => string;
  /** How long the first delivery attempt may take. */
  deliverBudgetMs?: number;
  summaryTimeoutMs?: number;
  now?: () => number;
}): Promise<TranscriptHandOff> {
  const { journal } = options;
  const now = options.now ?? Date.now;
  const ended = journal.recovered?.ended;
  if (!ended) await journal.markEnded(options.endReason);
  const endedAt = ended?.at ?? now();
  const summary = await summarizeMeeting(options.segments, {
    llm: options.llm,
    ...(options.nameOf ? { nameOf: options.nameOf } : {}),
    ...(options.summaryTimeoutMs === undefined ? {} : { timeoutMs: options.summaryTimeoutMs }),
  });
  const payload = buildTranscriptPayload(options.segments, summary, {
    meetingId: journal.meetingId,
    startedAt: journal.startedAt,
    endedAt,
    endReason: ended?.reason ?? options.endReason,
  });
  const idempotencyKey = journal.idempotencyKey;
  const { delivery } = await options.outbox.submit(
    'transcript',
    backendPaths.transcript(journal.meetingId),
    payload,
    {
      idempotencyKey,
      ...(options.deliverBudgetMs === undefined ? {} : { budgetMs: options.deliverBudgetMs }),
    },
  );
  await journal.markHandedOff(idempotencyKey, delivery);
  return { delivery, idempotencyKey, segments: options.segments.length, summary };
}
