/**
 * The real PostgreSQL server for a test, from TEST_DATABASE_URL. Unset: prints
 * that the real-server run is skipped and returns undefined, or throws when
 * REQUIRE_TEST_SERVERS=1 (CI), so the run fails instead of skipping.
 */
export function realPostgresUrl(what = 'the run against a real PostgreSQL server'): string | undefined {
  const url = process.env.TEST_DATABASE_URL || undefined;
  if (url) return url;
  const reason = `TEST_DATABASE_URL is not set: ${what} is skipped`;
  if (process.env.REQUIRE_TEST_SERVERS === '1')
    throw new Error(`${reason}, but REQUIRE_TEST_SERVERS=1 requires it`);
  console.warn(reason);
  return undefined;
}
