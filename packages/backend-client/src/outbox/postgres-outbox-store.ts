import { z } from 'zod';
import { RESULT_KINDS } from '../backend-schemas.js';

/**
 * The little the outbox needs from PostgreSQL: one statement with `$1…`
 * parameters. A `pg` Pool, a PGlite instance or anything alike; structural, so
 * neither is a dependency of this package. Every statement here stands alone
 * (no transaction spans two), so a pool may run each on any connection.
 */
export interface OutboxDatabase {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The table db/migrations creates (0004_create_outbox_and_session_reports.sql). */
const TABLE = 'bot_outbox';

// Rows are read back through zod: the database is a boundary like any other.
const entryRow = z.object({
  id: z.string(),
  kind: z.enum(RESULT_KINDS),
  path: z.string(),
  payload: z.record(z.string(), z.unknown()),
  idempotency_key: z.string(),
  attempts: z.number().int(),
  enqueued_ms: z.number(),
});
export type EntryRow = z.infer<typeof entryRow>;

const poisonedRow = entryRow.extend({
  poison_reason: z.string().nullable(),
  poison_status: z.number().int().nullable(),
  poisoned_ms: z.number(),
});
export type PoisonedRow = z.infer<typeof poisonedRow>;

const statsRow = z.object({ depth: z.number(), oldest_ms: z.number().nullable(), poisoned: z.number() });
const idRow = z.object({ id: z.string() });

const ENTRY_COLUMNS = `id::text AS id, kind, path, payload, idempotency_key, attempts,
  (extract(epoch FROM enqueued_at) * 1000)::float8 AS enqueued_ms`;
/** A row another replica may take: not poisoned, due, and unclaimed or its lease ran out. */
const FREE = '(claimed_until IS NULL OR claimed_until < now())';
const ms = (param: string) => `(${param}::float8 * interval '1 millisecond')`;

/** Every statement the PostgreSQL outbox runs; the database's clock decides leases and due times. */
export class OutboxTable {
  constructor(private readonly db: OutboxDatabase) {}

  /** A new entry; claimed by `owner` for `leaseMs` when it will be tried at once (deliverNow). */
  async insert(
    entry: { id: string; kind: string; path: string; payload: unknown; key: string },
    claim: { owner: string; leaseMs: number } | undefined,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO ${TABLE} (id, kind, path, payload, idempotency_key, claimed_by, claimed_until)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE now() + ${ms('$7')} END)`,
      [
        entry.id,
        entry.kind,
        entry.path,
        JSON.stringify(entry.payload),
        entry.key,
        claim?.owner ?? null,
        claim?.leaseMs ?? 0,
      ],
    );
  }

  /**
   * Claims up to `limit` due rows for a lease. SKIP LOCKED: replicas claiming at
   * the same moment take different rows instead of queueing behind each other.
   */
  async claimDue(owner: string, leaseMs: number, limit: number): Promise<EntryRow[]> {
    const { rows } = await this.db.query(
      `UPDATE ${TABLE} SET claimed_by = $1, claimed_until = now() + ${ms('$2')}, attempts = attempts + 1
        WHERE id IN (SELECT id FROM ${TABLE}
                      WHERE poisoned_at IS NULL AND next_attempt_at <= now() AND ${FREE}
                      ORDER BY next_attempt_at LIMIT $3
                      FOR UPDATE SKIP LOCKED)
        RETURNING ${ENTRY_COLUMNS}`,
      [owner, leaseMs, limit],
    );
    return rows.map((row) => entryRow.parse(row));
  }

  /** Claims one row by id (deliverNow): free, or already this owner's. */
  async claimOne(id: string, owner: string, leaseMs: number): Promise<EntryRow | undefined> {
    const { rows } = await this.db.query(
      `UPDATE ${TABLE} SET claimed_by = $2, claimed_until = now() + ${ms('$3')}, attempts = attempts + 1
        WHERE id = $1 AND poisoned_at IS NULL AND (${FREE} OR claimed_by = $2)
        RETURNING ${ENTRY_COLUMNS}`,
      [id, owner, leaseMs],
    );
    return rows[0] === undefined ? undefined : entryRow.parse(rows[0]);
  }

  /** 'absent' once delivered (deleted); otherwise whether it waits or was set aside. */
  async state(id: string): Promise<'absent' | 'waiting' | 'poisoned'> {
    const { rows } = await this.db.query(
      `SELECT (poisoned_at IS NOT NULL) AS poisoned FROM ${TABLE} WHERE id = $1`,
      [id],
    );
    const row = rows[0] as { poisoned?: unknown } | undefined;
    if (!row) return 'absent';
    return row.poisoned === true ? 'poisoned' : 'waiting';
  }

  async delete(id: string): Promise<void> {
    await this.db.query(`DELETE FROM ${TABLE} WHERE id = $1`, [id]);
  }

  /** Gives the row back, due after `delayMs` (only while this owner still holds it). */
  async release(id: string, owner: string, delayMs: number, error: string | undefined): Promise<void> {
    await this.db.query(
      `UPDATE ${TABLE} SET claimed_by = NULL, claimed_until = NULL,
              next_attempt_at = now() + ${ms('$3')}, last_error = coalesce($4, last_error)
        WHERE id = $1 AND claimed_by = $2`,
      [id, owner, Math.max(0, delayMs), error ?? null],
    );
  }

  async poison(id: string, reason: string, status: number | undefined): Promise<void> {
    await this.db.query(
      `UPDATE ${TABLE} SET poisoned_at = now(), poison_reason = $2, poison_status = $3,
              claimed_by = NULL, claimed_until = NULL
        WHERE id = $1`,
      [id, reason, status ?? null],
    );
  }

  /** Poisoned rows back in the queue (all, or those named); returns how many. */
  async requeue(ids: readonly string[] | undefined): Promise<number> {
    const { rows } = await this.db.query(
      `UPDATE ${TABLE} SET poisoned_at = NULL, poison_reason = NULL, poison_status = NULL,
              attempts = 0, next_attempt_at = now()
        WHERE poisoned_at IS NOT NULL AND ($1::text[] IS NULL OR id::text = ANY($1::text[]))
        RETURNING id::text AS id`,
      [ids === undefined ? null : [...ids]],
    );
    return rows.map((row) => idRow.parse(row)).length;
  }

  /** Across every replica: rows waiting, the oldest one's enqueue time, rows set aside. */
  async stats(): Promise<{ depth: number; oldestMs: number | undefined; poisoned: number }> {
    const { rows } = await this.db.query(
      `SELECT (count(*) FILTER (WHERE poisoned_at IS NULL))::float8 AS depth,
              (extract(epoch FROM min(enqueued_at) FILTER (WHERE poisoned_at IS NULL)) * 1000)::float8 AS oldest_ms,
              (count(*) FILTER (WHERE poisoned_at IS NOT NULL))::float8 AS poisoned
         FROM ${TABLE}`,
    );
    const row = statsRow.parse(rows[0]);
    return { depth: row.depth, oldestMs: row.oldest_ms ?? undefined, poisoned: row.poisoned };
  }

  /** The rows set aside, newest first, at most `limit`. */
  async poisonedRows(limit: number): Promise<PoisonedRow[]> {
    const { rows } = await this.db.query(
      `SELECT ${ENTRY_COLUMNS}, poison_reason, poison_status,
              (extract(epoch FROM poisoned_at) * 1000)::float8 AS poisoned_ms
         FROM ${TABLE} WHERE poisoned_at IS NOT NULL ORDER BY poisoned_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => poisonedRow.parse(row));
  }
}
