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

const INSERT_COLUMNS = 13;
/** Rows per INSERT; 100 × 13 parameters stays far below PostgreSQL's 65,535. */
const MAX_BATCH = 100;

function insertParams(row: NewResult): unknown[] {
  return [
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
  ];
}

function storeOver(db: SqlExecutor, where: string, close: () => Promise<void>): ResultStore {
  type Waiting = {
    row: NewResult;
    resolve: (value: { id: string; duplicate: boolean }) => void;
    reject: (error: unknown) => void;
  };
  let queue: Waiting[] = [];
  let flushing: Promise<void> | undefined;

  /**
   * Posts that arrive together go into one multi-row INSERT … ON CONFLICT DO NOTHING
   * (PGlite spends milliseconds per statement); the UNIQUE key still decides each row.
   */
  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      try {
        const values = batch
          .map((_, r) => {
            const p = (c: number) => `$${r * INSERT_COLUMNS + c}`;
            return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::jsonb, ${p(8)}, ${p(9)}, ${p(10)}::jsonb, ${p(11)}, ${p(12)}::jsonb, ${p(13)})`;
          })
          .join(', ');
        const inserted = await db.query<{ id: string; session_id: string; idempotency_key: string }>(
          `INSERT INTO ai_bot_interview_sessions
             (session_id, meeting_id, question_id, kind, score, feedback, gates, evaluator, model,
              transcript, summary, payload, idempotency_key)
           VALUES ${values}
           ON CONFLICT (session_id, idempotency_key) DO NOTHING
           RETURNING id::text AS id, session_id, idempotency_key`,
          batch.flatMap((waiting) => insertParams(waiting.row)),
        );
        const slot = (sessionId: string, key: string) => `${sessionId}\u0000${key}`;
        const fresh = new Map(
          inserted.rows.map((row) => [slot(row.session_id, row.idempotency_key), row.id]),
        );
        const refused = batch.filter(
          (waiting) => !fresh.has(slot(waiting.row.sessionId, waiting.row.idempotencyKey)),
        );
        const existing = new Map<string, string>();
        if (refused.length > 0) {
          const found = await db.query<{ id: string; session_id: string; idempotency_key: string }>(
            `SELECT id::text AS id, session_id, idempotency_key FROM ai_bot_interview_sessions
              WHERE (session_id, idempotency_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
            [
              refused.map((waiting) => waiting.row.sessionId),
              refused.map((waiting) => waiting.row.idempotencyKey),
            ],
          );
          for (const row of found.rows) existing.set(slot(row.session_id, row.idempotency_key), row.id);
        }
        for (const waiting of batch) {
          const key = slot(waiting.row.sessionId, waiting.row.idempotencyKey);
          const id = fresh.get(key);
          if (id !== undefined) {
            // The same key twice in one batch: only the first is the new row.
            fresh.delete(key);
            existing.set(key, id);
            waiting.resolve({ id, duplicate: false });
          } else {
            waiting.resolve({ id: existing.get(key) ?? '', duplicate: true });
          }
        }
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
  }

  const kick = () => {
    if (flushing) return;
    flushing = flush().finally(() => {
      flushing = undefined;
      if (queue.length > 0) kick();
    });
  };

  return {
    where,
    insert: (row) =>
      new Promise((resolve, reject) => {
        queue.push({ row, resolve, reject });
        kick();
      }),
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
