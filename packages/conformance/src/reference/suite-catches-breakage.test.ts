import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface JsonReport {
  numFailedTests: number;
  testResults: { assertionResults: { fullName: string; status: string }[] }[];
}

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

/**
 * Runs the AudioSink suite in a child vitest against deliberately broken
 * sinks and a correct control, and reads the JSON report: the suite is only
 * worth something if it fails the broken ones.
 */
describe('the AudioSink suite catches broken sinks', () => {
  let report: JsonReport;
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'conformance-fixture-'));
    const outputFile = join(dir, 'report.json');
    await new Promise<void>((done) => {
      execFile(
        process.execPath,
        [
          vitestBin,
          'run',
          '--config',
          'src/fixtures/vitest.config.fixture.ts',
          '--reporter=json',
          `--outputFile=${outputFile}`,
        ],
        { cwd: packageDir, timeout: 60_000, env: { ...process.env, CI: '1' } },
        // The run is expected to fail (exit 1); the report says how.
        () => done(),
      );
    });
    report = JSON.parse(await readFile(outputFile, 'utf8')) as JsonReport;
  }, 90_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const results = (suite: string) =>
    report.testResults
      .flatMap((file) => file.assertionResults)
      .filter((test) => test.fullName.startsWith(`AudioSink conformance: ${suite} `));
  const failedTitles = (suite: string) =>
    results(suite)
      .filter((test) => test.status === 'failed')
      .map((test) => test.fullName);

  it('passes the correct control sink', () => {
    expect(results('control: MemoryAudioSink').length).toBeGreaterThan(5);
    expect(failedTitles('control: MemoryAudioSink')).toEqual([]);
  });

  it('fails a sink that drops every other frame', () => {
    const failed = failedTitles('broken: drops every other frame');
    expect(failed.some((title) => title.includes('delivers every sample once, in order, at 16000 Hz'))).toBe(
      true,
    );
    expect(failed.some((title) => title.includes('delivers every sample once, in order, at 24000 Hz'))).toBe(
      true,
    );
  });

  it('fails a sink whose clear() does nothing', () => {
    const failed = failedTitles('broken: clear() does nothing');
    expect(failed.some((title) => title.includes('clear() with a large backlog'))).toBe(true);
  });

  it('fails a sink whose clear() reports a drop but keeps playing', () => {
    const failed = failedTitles('broken: clear() lies');
    expect(failed.some((title) => title.includes('clear() with a large backlog'))).toBe(true);
  });
});
