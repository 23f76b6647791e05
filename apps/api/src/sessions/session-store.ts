import type { InterviewSummary } from '@bot-backend/interview';

/** One interview the service ran (or is running), as GET /v1/sessions/{id}/report sees it. */
export interface SessionRecord {
  sessionId: string;
  status: 'ongoing' | 'finished';
  role: string;
  experienceLevel: string;
  format: string;
  /** ms since the epoch. */
  startedAt: number;
  updatedAt: number;
  /** The end-of-interview report, once the interview ended. */
  summary?: InterviewSummary | undefined;
}

type Info = Pick<SessionRecord, 'sessionId' | 'role' | 'experienceLevel' | 'format'>;

/**
 * Where the interviews and their reports live: this process's memory
 * (`MemorySessionStore`), or PostgreSQL when replicas share them
 * (`PostgresSessionStore`). Methods may answer at once or with a promise.
 */
export interface SessionStore {
  /** How long a report is kept after its interview's last update. */
  readonly ttlMs: number;
  /** An interview began (an existing record keeps its status and report). */
  register(info: Info): void | Promise<void>;
  /** An interview ended with this report (registers it when it was not). */
  finish(summary: InterviewSummary): void | Promise<void>;
  get(sessionId: string): SessionRecord | undefined | Promise<SessionRecord | undefined>;
}

export interface SessionStoreOptions {
  /** Records kept at most; the least recently updated go first (default 1000). */
  maxSessions?: number;
  /** A record not updated for this long is forgotten (default 24 h). */
  ttlMs?: number;
  now?: () => number;
}

/**
 * The interviews of this process, in memory, bounded and expiring: the
 * source of the evidence-linked report. The durable copy of a report is the
 * one posted to user-management; this one serves the client that just
 * finished, and support, for a day.
 */
export class MemorySessionStore implements SessionStore {
  readonly maxSessions: number;
  readonly ttlMs: number;
  private readonly now: () => number;
  /** Insertion order is update order: the first entry is the stalest. */
  private readonly records = new Map<string, SessionRecord>();

  constructor(options: SessionStoreOptions = {}) {
    this.maxSessions = options.maxSessions ?? 1000;
    this.ttlMs = options.ttlMs ?? 24 * 3600_000;
    this.now = options.now ?? (() => Date.now());
    if (!(this.maxSessions >= 1)) throw new RangeError('maxSessions must be at least 1');
    if (!(this.ttlMs > 0)) throw new RangeError('ttlMs must be positive');
  }

  /** An interview began. */
  register(info: Info): void {
    const at = this.now();
    const existing = this.records.get(info.sessionId);
    this.put({
      ...info,
      status: existing?.status ?? 'ongoing',
      startedAt: existing?.startedAt ?? at,
      updatedAt: at,
      summary: existing?.summary,
    });
  }

  /** An interview ended with this report (registers it when it was not). */
  finish(summary: InterviewSummary): void {
    const at = this.now();
    const existing = this.records.get(summary.sessionId);
    this.put({
      sessionId: summary.sessionId,
      role: summary.role,
      experienceLevel: summary.experienceLevel,
      format: summary.format,
      status: 'finished',
      startedAt: existing?.startedAt ?? Date.parse(summary.startedAt),
      updatedAt: at,
      summary,
    });
  }

  get(sessionId: string): SessionRecord | undefined {
    this.sweep();
    return this.records.get(sessionId);
  }

  get size(): number {
    this.sweep();
    return this.records.size;
  }

  private put(record: SessionRecord): void {
    this.records.delete(record.sessionId);
    this.records.set(record.sessionId, record);
    this.sweep();
    while (this.records.size > this.maxSessions) {
      const stalest = this.records.keys().next().value;
      if (stalest === undefined) break;
      this.records.delete(stalest);
    }
  }

  /** Drops expired records; the map is in update order, so it stops at the first fresh one. */
  private sweep(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [id, record] of this.records) {
      if (record.updatedAt > cutoff) break;
      this.records.delete(id);
    }
  }
}
