// Which databases a test runs against: PGlite always, the real server when
// TEST_DATABASE_URL is set. Without it the real-server run is skipped with a
// printed reason, or fails when REQUIRE_TEST_SERVERS=1 (CI).
export interface PostgresTarget {
  url: string | undefined;
  /** Why the real-server run does not happen, when it does not. */
  skipReason: string | undefined;
}

export function realPostgresTarget(): PostgresTarget {
  const url = process.env.TEST_DATABASE_URL || undefined;
  if (url) return { url, skipReason: undefined };
  const reason = 'TEST_DATABASE_URL is not set: the run against a real PostgreSQL server is skipped';
  if (process.env.REQUIRE_TEST_SERVERS === '1') {
    throw new Error(`${reason}, but REQUIRE_TEST_SERVERS=1 requires it`);
  }
  console.warn(reason);
  return { url: undefined, skipReason: reason };
}
