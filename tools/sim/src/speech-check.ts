import { espeakVersion } from './speech-synthesizer.js';

/**
 * espeak-ng for a test: its version, or undefined after printing why the
 * speech tests are skipped; under REQUIRE_TEST_SERVERS=1 (CI) its absence is an error.
 */
export function requireEspeak(what = 'the persona runs'): string | undefined {
  const version = espeakVersion();
  if (version) return version;
  const reason = `espeak-ng is not installed: ${what} are skipped (Debian: apt-get install espeak-ng)`;
  if (process.env.REQUIRE_TEST_SERVERS === '1')
    throw new Error(`${reason}, but REQUIRE_TEST_SERVERS=1 requires it`);
  console.warn(reason);
  return undefined;
}
