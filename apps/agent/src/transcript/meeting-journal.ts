import { randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, readFile, rename, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type TranscriptSegmentRecord, transcriptSegmentRecordSchema } from './transcript-aggregator.js';

const openRecord = z.object({
  op: z.literal('open'),
  v: z.literal(1),
  meetingId: z.string(),
  journalId: z.string(),
  /** Epoch ms: the origin of the meeting clock every segment time is measured on. */
  startedAt: z.number(),
});
const segmentRecord = z.object({ op: z.literal('segment'), segment: transcriptSegmentRecordSchema });
const endedRecord = z.object({ op: z.literal('ended'), at: z.number(), reason: z.string() });
const handedOffRecord = z.object({
  op: z.literal('handed-off'),
  at: z.number(),
  idempotencyKey: z.string(),
  delivery: z.enum(['delivered', 'queued']),
});
const journalLine = z.discriminatedUnion('op', [openRecord, segmentRecord, endedRecord, handedOffRecord]);
type JournalLine = z.infer<typeof journalLine>;

export interface RecoveredMeeting {
  meetingId: string;
  journalId: string;
  startedAt: number;
  segments: TranscriptSegmentRecord[];
  /** Set when the meeting had ended before the process stopped (the post may still be due). */
  ended: { at: number; reason: string } | undefined;
  /** Bytes of a torn last line that were cut off (a crash mid-write). */
  truncatedBytes: number;
}

export interface MeetingJournalOptions {
  /** fdatasync after each final (on by default; tests may turn it off for speed). */
  fsync?: boolean;
  now?: () => number;
}

/** `meeting-<id>.jsonl`, with the id made safe for a file name. */
export function journalFileName(meetingId: string): string {
  return `meeting-${encodeURIComponent(meetingId)}.jsonl`;
}

/**
 * An append-only JSONL journal of one meeting's transcript: an `open` line,
 * one `segment` line per final (fdatasync'd before append() resolves), then
 * `ended` and `handed-off`. A worker that restarts mid-meeting reopens it and
 * continues on the same meeting clock, so nothing final is lost. Once handed
 * off to the outbox the file is renamed aside, and the next meeting in the
 * same room starts a fresh journal.
 */
export class MeetingJournal {
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly meetingId: string,
    readonly journalId: string,
    readonly startedAt: number,
    readonly recovered: RecoveredMeeting | undefined,
    private readonly fsync: boolean,
    private readonly now: () => number,
  ) {}

  /** Opens the meeting's journal in `dir`, recovering what an earlier process wrote. */
  static async open(
    dir: string,
    meetingId: string,
    options: MeetingJournalOptions = {},
  ): Promise<MeetingJournal> {
    const now = options.now ?? Date.now;
    const fsync = options.fsync ?? true;
    await mkdir(dir, { recursive: true });
    const path = join(dir, journalFileName(meetingId));
    let recovered = await MeetingJournal.read(path);
    if (recovered?.handedOff) {
      // That meeting is done and its post is the outbox's business: start afresh.
      await rename(path, join(dir, `${journalFileName(meetingId)}.${recovered.meeting.journalId}.done`));
      recovered = undefined;
    }
    if (recovered && recovered.validBytes < recovered.totalBytes) await truncate(path, recovered.validBytes);
    if (!recovered && (await sizeOf(path)) > 0) {
      // Not a journal we can read from its first line: keep it for a person, start clean.
      await rename(path, `${path}.unreadable-${now()}`);
    }
    const handle = await open(path, 'a');
    const journal = new MeetingJournal(
      path,
      handle,
      meetingId,
      recovered?.meeting.journalId ?? randomUUID(),
      recovered?.meeting.startedAt ?? now(),
      recovered?.meeting,
      fsync,
      now,
    );
    if (!recovered) {
      await journal.write({
        op: 'open',
        v: 1,
        meetingId,
        journalId: journal.journalId,
        startedAt: journal.startedAt,
      });
    }
    return journal;
  }

  /** Reads a journal file; undefined when there is none. Stops at the first line that does not parse. */
  static async read(path: string): Promise<
    | {
        meeting: RecoveredMeeting;
        handedOff: boolean;
        validBytes: number;
        totalBytes: number;
      }
    | undefined
  > {
    let raw: Buffer;
    try {
      raw = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let offset = 0;
    let meeting: RecoveredMeeting | undefined;
    let handedOff = false;
    while (offset < raw.length) {
      const newline = raw.indexOf(0x0a, offset);
      // A line without its newline was being written when the process died.
      if (newline < 0) break;
      const parsed = journalLine.safeParse(safeJson(raw.subarray(offset, newline).toString('utf8')));
      if (!parsed.success) break;
      const line = parsed.data;
      if (line.op === 'open') {
        meeting = {
          meetingId: line.meetingId,
          journalId: line.journalId,
          startedAt: line.startedAt,
          segments: [],
          ended: undefined,
          truncatedBytes: 0,
        };
      } else if (meeting) {
        if (line.op === 'segment') meeting.segments.push(line.segment);
        else if (line.op === 'ended') meeting.ended = { at: line.at, reason: line.reason };
        else handedOff = true;
      }
      offset = newline + 1;
    }
    if (!meeting) return undefined;
    meeting.truncatedBytes = raw.length - offset;
    return { meeting, handedOff, validBytes: offset, totalBytes: raw.length };
  }

  /** Appends a final; resolves once it is on disk. */
  append(segment: TranscriptSegmentRecord): Promise<void> {
    return this.write({ op: 'segment', segment });
  }

  markEnded(reason: string): Promise<void> {
    return this.write({ op: 'ended', at: this.now(), reason });
  }

  /** The transcript is in the outbox (durable there): this journal is finished and set aside. */
  async markHandedOff(idempotencyKey: string, delivery: 'delivered' | 'queued'): Promise<void> {
    await this.write({ op: 'handed-off', at: this.now(), idempotencyKey, delivery });
    await this.close();
    await rename(this.path, `${this.path}.${this.journalId}.done`);
  }

  /** The idempotency key of this meeting's transcript post: the same across restarts. */
  get idempotencyKey(): string {
    return `meeting-transcript:${this.meetingId}:${this.journalId}`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => {});
    await this.handle.close();
  }

  private write(line: JournalLine): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`meeting journal ${this.path} is closed`));
    const bytes = `${JSON.stringify(line)}\n`;
    const next = this.queue.then(async () => {
      await this.handle.appendFile(bytes, 'utf8');
      if (this.fsync) await this.handle.datasync();
    });
    // One failed write must not wedge the ones after it; the caller sees its own failure.
    this.queue = next.catch(() => {});
    return next;
  }
}

/** Meeting ids of journals in `dir` that were never handed off (for a sweep after a crash). */
export async function openJournalIds(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith('meeting-') && name.endsWith('.jsonl'))
    .map((name) => decodeURIComponent(name.slice('meeting-'.length, -'.jsonl'.length)));
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
