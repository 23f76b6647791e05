import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadMigrations,
  migrate,
  openPostgresSchema,
  pgliteExecutor,
  type SqlExecutor,
} from '@bot-backend/db';
import { PGlite } from '@electric-sql/pglite';

/** One row of ai_bot_interview_sessions as the stand-in reads it back. */
export interface StoredResult {
  id: string;
  sessionId: string;
  meetingId: string | null;
  questionId: string | null;
  kind: 'eval_result' | 'report' | 'transcript';
  score: number | null;
  feedback: string | null;
  gates: Record<string, boolean>;
  evaluator: string | null;
  model: string | null;
  transcript: unknown;
  summary: string | null;
  payload: Record<string, unknown>;
  idempotencyKey: string;
  createdAt: Date;
}

export type NewResult = Omit<StoredResult, 'id' | 'createdAt'>;

export interface ResultStore {
  /** Where the rows live: 'pglite' or the real server's schema. */
  readonly where: string;
  /** Appends unless the session already has this key; the UNIQUE constraint decides. */
  insert(row: NewResult): Promise<{ id: string; duplicate: boolean }>;
  rows(): Promise<StoredResult[]>;
  count(): Promise<number>;
  close(): Promise<void>;
}

const COLUMNS = `id::text AS "id", session_id AS "sessionId", meeting_id AS "meetingId", question_id AS "questionId",
  kind, score, feedback, gates, evaluator, model, transcript, summary, payload,
  idempotency_key AS "idempotencyKey", created_at AS "createdAt"`;

function storeOver(db: SqlExecutor, where: string, close: () => Promise<void>): ResultStore {
  return {
    where,
    insert: async (row) => {
      const inserted = await db.query<{ id: string }>(
        `INSERT INTO ai_bot_interview_sessions
           (session_id, meeting_id, question_id, kind, score, feedback, gates, evaluator, model,
            transcript, summary, payload, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10::jsonb, $11, $12::jsonb, $13)
         ON CONFLICT (session_id, idempotency_key) DO NOTHING
         RETURNING id::text AS id`,
        [
          row.sessionId,
          row.meetingId,
          row.questionId,
          row.kind,
          row.score,
          row.feedback,
          JSON.stringify(row.gates),
          row.evaluator,
          row.model,
          row.transcript === null || row.transcript === undefined ? null : JSON.stringify(row.transcript),
          row.summary,
          JSON.stringify(row.payload),
          row.idempotencyKey,
        ],
      );
      const id = inserted.rows[0]?.id;
      if (id !== undefined) return { id, duplicate: false };
      const existing = await db.query<{ id: string }>(
        'SELECT id::text AS id FROM ai_bot_interview_sessions WHERE session_id = $1 AND idempotency_key = $2',
        [row.sessionId, row.idempotencyKey],
      );
      return { id: existing.rows[0]?.id ?? '', duplicate: true };
    },
    rows: async () =>
      (await db.query<StoredResult>(`SELECT ${COLUMNS} FROM ai_bot_interview_sessions ORDER BY id`)).rows,
    count: async () => {
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM ai_bot_interview_sessions',
      );
      return rows[0]?.n ?? 0;
    },
    close,
  };
}

/**
 * The stand-in's database with db/migrations applied: embedded PGlite by
 * default, or a fresh schema (dropped on close) of the real server at `url`.
 */
export async function openResultStore(options: { url?: string | undefined } = {}): Promise<ResultStore> {
  if (options.url) {
    const schema = await openPostgresSchema(options.url);
    await schema.migrate();
    return storeOver(schema.executor, `postgres schema ${schema.schema}`, () => schema.close());
  }
  const pglite = await migratedPglite();
  return storeOver(pgliteExecutor(pglite), 'pglite', () => pglite.close());
}

/**
 * A PGlite with the migrations applied. PGlite's initdb takes seconds (over ten
 * on a busy CI machine), so the first one made is dumped to the temp directory,
 * keyed by the migrations, and later ones (in any test process) start from that
 * dump in well under a second.
 */
async function migratedPglite(): Promise<PGlite> {
  const migrations = await loadMigrations();
  const key = createHash('sha256')
    .update(migrations.map((migration) => migration.checksum).join(','))
    .digest('hex')
    .slice(0, 16);
  const file = join(tmpdir(), `bot-backend-user-management-pglite-${key}.tar`);
  try {
    const dump = await readFile(file);
    const db = new PGlite({ loadDataDir: new Blob([dump]) });
    await db.waitReady;
    const { rows } = await db.query<{ version: number }>(
      'SELECT max(version) AS version FROM schema_migrations',
    );
    if (rows[0]?.version === migrations.length) return db;
    await db.close();
  } catch {
    // No usable dump (first run, another PGlite version): build one below.
  }
  const db = new PGlite();
  await migrate(pgliteExecutor(db));
  const dump = await db.dumpDataDir('none');
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, Buffer.from(await dump.arrayBuffer()));
  await rename(temp, file);
  return db;
}
