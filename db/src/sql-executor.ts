/**
 * The little the migrator and the stand-in need from a PostgreSQL connection.
 * Structural, so neither `pg` nor PGlite is a hard dependency of the schema.
 * One executor is one session: BEGIN/COMMIT issued through it apply to it.
 */
export interface SqlExecutor {
  /** One statement, with `$1…` parameters. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
  /** Several statements separated by semicolons, no parameters (a migration file). */
  exec(sql: string): Promise<void>;
}

/** What PGlite offers (a `PGlite` instance or a transaction). */
export interface PgliteLike {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  exec(sql: string): Promise<unknown>;
}

/** What a `pg` Client or PoolClient offers. A Pool is not one session: check a client out first. */
export interface PgClientLike {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

export function pgliteExecutor(db: PgliteLike): SqlExecutor {
  return {
    query: <Row>(sql: string, params?: readonly unknown[]) => db.query<Row>(sql, params ? [...params] : []),
    exec: async (sql) => {
      await db.exec(sql);
    },
  };
}

export function pgExecutor(client: PgClientLike): SqlExecutor {
  return {
    query: async <Row>(sql: string, params?: readonly unknown[]) => {
      const result = await client.query(sql, params ? [...params] : []);
      return { rows: result.rows as Row[] };
    },
    // Without parameters pg uses the simple query protocol, which runs several statements.
    exec: async (sql) => {
      await client.query(sql);
    },
  };
}
