import { access, type FileHandle, mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { RESULT_KINDS, type ResultKind } from '../backend-schemas.js';

const kindSchema = z.enum(RESULT_KINDS as [ResultKind, ...ResultKind[]]);

export const journalRecordSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('enqueue'),
    id: z.string(),
    key: z.string(),
    kind: kindSchema,
    path: z.string(),
    payload: z.record(z.string(), z.unknown()),
    at: z.number(),
  }),
  z.object({ op: z.literal('delivered'), id: z.string(), at: z.number(), status: z.number() }),
  z.object({
    op: z.literal('poisoned'),
    id: z.string(),
    at: z.number(),
    reason: z.string(),
    status: z.number().optional(),
  }),
  z.object({ op: z.literal('requeued'), id: z.string(), at: z.number() }),
]);
export type JournalRecord = z.infer<typeof journalRecordSchema>;
export type EnqueueRecord = Extract<JournalRecord, { op: 'enqueue' }>;
export type PoisonRecord = Extract<JournalRecord, { op: 'poisoned' }>;

/** What the journal still holds: undelivered entries, some set aside as poison. */
export interface LiveEntry {
  enqueue: EnqueueRecord;
  poisoned: PoisonRecord | undefined;
}

export class OutboxJournalError extends Error {
  override readonly name = 'OutboxJournalError';
}

const FILE = 'outbox.jsonl';

export interface JournalOptions {
  /** fdatasync after every write batch; on by default. Off only in tests that measure nothing durable. */
  fsync?: boolean;
  /** Rewrite the file when it holds this many lines and four times as many as are live. */
  compactAfterLines?: number;
}

/**
 * The outbox on disk: an append-only file of JSON lines (enqueue, delivered,
 * poisoned, requeued). A write returns only after its line is fsynced, and
 * writes that arrive together share one fsync (group commit). Replaying the
 * file rebuilds the live set; a line torn by a crash can only be the last one,
 * and is cut off. When most lines are dead the file is rewritten with the live
 * ones and atomically renamed over the old one.
 */
export class OutboxJournal {
  private readonly live = new Map<string, LiveEntry>();
  private queue: { lines: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing: Promise<void> | undefined;
  private lines: number;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private handle: FileHandle,
    private readonly options: Required<JournalOptions>,
    records: JournalRecord[],
  ) {
    for (const record of records) this.apply(record);
    this.lines = records.length;
  }

  static async open(dir: string, options: JournalOptions = {}): Promise<OutboxJournal> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, FILE);
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const complete = text.lastIndexOf('\n') + 1;
    const records: JournalRecord[] = [];
    text
      .slice(0, complete)
      .split('\n')
      .forEach((line, index) => {
        if (line === '') return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          throw new OutboxJournalError(`${path} line ${index + 1} is not JSON: the outbox is corrupt`);
        }
        const record = journalRecordSchema.safeParse(parsed);
        if (!record.success)
          throw new OutboxJournalError(`${path} line ${index + 1} is not an outbox record`);
        records.push(record.data);
      });
    const created = text === '' && !(await exists(path));
    const handle = await open(path, 'a+');
    // A new file's name lives in the directory: sync that too, or a crash can lose the file itself.
    if (created) await syncDir(dir);
    if (complete < text.length) {
      // The tail after the last newline is a write a crash cut short; it was never acknowledged.
      await handle.truncate(Buffer.byteLength(text.slice(0, complete)));
      await handle.datasync();
    }
    return new OutboxJournal(
      dir,
      handle,
      { fsync: options.fsync ?? true, compactAfterLines: options.compactAfterLines ?? 5_000 },
      records,
    );
  }

  /** Live entries in enqueue order. */
  entries(): LiveEntry[] {
    return [...this.live.values()];
  }

  get(id: string): LiveEntry | undefined {
    return this.live.get(id);
  }

  /** Durable when it resolves. */
  append(records: JournalRecord[]): Promise<void> {
    if (this.closed) return Promise.reject(new OutboxJournalError('outbox journal is closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({
        lines: records.map((record) => `${JSON.stringify(record)}\n`).join(''),
        resolve: () => {
          for (const record of records) this.apply(record);
          resolve();
        },
        reject,
      });
      this.writing ??= this.drain();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writing;
    await this.handle.close();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.handle.write(batch.map((item) => item.lines).join(''));
          if (this.options.fsync) await this.handle.datasync();
          this.lines += batch.reduce((sum, item) => sum + item.lines.split('\n').length - 1, 0);
          for (const item of batch) item.resolve();
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
        if (this.lines >= this.options.compactAfterLines && this.lines > 4 * this.live.size) {
          await this.compact().catch(() => {
            // A failed rewrite leaves the old file in place, which is still correct.
          });
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async compact(): Promise<void> {
    const records: JournalRecord[] = [];
    for (const entry of this.live.values()) {
      records.push(entry.enqueue);
      if (entry.poisoned) records.push(entry.poisoned);
    }
    const path = join(this.dir, FILE);
    const temp = `${path}.compact`;
    const next = await open(temp, 'w');
    try {
      await next.write(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      await next.datasync();
    } finally {
      await next.close();
    }
    await rename(temp, path);
    await syncDir(this.dir);
    await this.handle.close();
    this.handle = await open(path, 'a+');
    this.lines = records.length;
  }

  private apply(record: JournalRecord): void {
    switch (record.op) {
      case 'enqueue':
        this.live.set(record.id, { enqueue: record, poisoned: undefined });
        break;
      case 'delivered':
        this.live.delete(record.id);
        break;
      case 'poisoned': {
        const entry = this.live.get(record.id);
        if (entry) entry.poisoned = record;
        break;
      }
      case 'requeued': {
        const entry = this.live.get(record.id);
        if (entry) entry.poisoned = undefined;
        break;
      }
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
