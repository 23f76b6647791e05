import type { InterviewSummary } from '@bot-backend/interview';
import { z } from 'zod';
import type { SessionRecord, SessionStore } from './session-store.js';

/** One statement with `$1…` parameters: a `pg` Pool (or PGlite in tests). */
export interface SessionDatabase {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

// Rows read back through zod: the table is a boundary. The summary is the
// engine's own InterviewSummary as this service wrote it; its identity fields are checked.
const summaryShape = z.looseObject({
  sessionId: z.string(),
  role: z.string(),
  experienceLevel: z.string(),
  format: z.string(),
  startedAt: z.string(),
  questions: z.array(z.unknown()),
  transcript: z.array(z.unknown()),
});
const recordRow = z.object({
  session_id: z.string(),
  status: z.enum(['ongoing', 'finished']),
  role: z.string(),
  experience_level: z.string(),
  format: z.string(),
  started_ms: z.number(),
  updated_ms: z.number(),
  summary: summaryShape.nullable(),
});

const TABLE = 'bot_session_reports';
/** Expired rows are deleted by the replica that writes after this long since its last sweep. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Interviews and their reports in PostgreSQL (db/migrations 0004), so any
 * replica serves the report of an interview another replica ran. Kept for
 * `ttlMs` after the last update, as the memory store does.
 */
export class PostgresSessionStore implements SessionStore {
  private lastSweep = 0;

  constructor(
    private readonly db: SessionDatabase,
    readonly ttlMs = 24 * 3600_000,
  ) {}

  async register(info: Pick<SessionRecord, 'sessionId' | 'role' | 'experienceLevel' | 'format'>) {
    // A finished interview is never set back to ongoing, whichever write lands first.
    await this.db.query(
      `INSERT INTO ${TABLE} (session_id, status, role, experience_level, format, started_at)
       VALUES ($1, 'ongoing', $2, $3, $4, now())
       ON CONFLICT (session_id) DO UPDATE SET updated_at = now()`,
      [info.sessionId, info.role, info.experienceLevel, info.format],
    );
    await this.sweep();
  }

  async finish(summary: InterviewSummary) {
    await this.db.query(
      `INSERT INTO ${TABLE} (session_id, status, role, experience_level, format, started_at, summary)
       VALUES ($1, 'finished', $2, $3, $4, $5, $6)
       ON CONFLICT (session_id) DO UPDATE
         SET status = 'finished', summary = EXCLUDED.summary, updated_at = now()`,
      [
        summary.sessionId,
        summary.role,
        summary.experienceLevel,
        summary.format,
        summary.startedAt,
        JSON.stringify(summary),
      ],
    );
  }

  async get(sessionId: string): Promise<SessionRecord | undefined> {
    const { rows } = await this.db.query(
      `SELECT session_id, status, role, experience_level, format, summary,
              (extract(epoch FROM started_at) * 1000)::float8 AS started_ms,
              (extract(epoch FROM updated_at) * 1000)::float8 AS updated_ms
         FROM ${TABLE}
        WHERE session_id = $1 AND updated_at > now() - ($2::float8 * interval '1 millisecond')`,
      [sessionId, this.ttlMs],
    );
    if (rows[0] === undefined) return undefined;
    const row = recordRow.parse(rows[0]);
    return {
      sessionId: row.session_id,
      status: row.status,
      role: row.role,
      experienceLevel: row.experience_level,
      format: row.format,
      startedAt: row.started_ms,
      updatedAt: row.updated_ms,
      summary: (row.summary ?? undefined) as InterviewSummary | undefined,
    };
  }

  /** Deletes expired rows now and then; the read filters them anyway. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.db.query(
      `DELETE FROM ${TABLE} WHERE updated_at < now() - ($1::float8 * interval '1 millisecond')`,
      [this.ttlMs],
    );
  }
}
