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
 * Runs the AudioSink, LLM, TTS and STT suites in a child vitest against deliberately
 * broken implementations and correct controls (src/fixtures/), and reads the
 * JSON report: a suite is only worth something if it fails the broken ones.
 */
describe('the suites catch broken implementations', () => {
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
        { cwd: packageDir, timeout: 240_000, env: { ...process.env, CI: '1' } },
        // The run is expected to fail (exit 1); the report says how.
        () => done(),
      );
    });
    report = JSON.parse(await readFile(outputFile, 'utf8')) as JsonReport;
  }, 300_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const results = (suite: string) =>
    report.testResults
      .flatMap((file) => file.assertionResults)
      .filter(
        (test) =>
          test.fullName.includes(` conformance: ${suite} `) ||
          test.fullName.startsWith(`AudioSink conformance: ${suite} `),
      );
  const failedTitles = (suite: string) =>
    results(suite)
      .filter((test) => test.status === 'failed')
      .map((test) => test.fullName);

  const failsOnly = (suite: string, expected: readonly string[]) => {
    const failed = failedTitles(suite);
    for (const title of expected) {
      expect(
        failed.some((name) => name.includes(title)),
        `"${title}" should fail for ${suite}; failed: ${failed.join(' | ')}`,
      ).toBe(true);
    }
  };

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
    expect(
      failed.some((title) => title.includes('clear() with a large backlog accounts for every sample')),
    ).toBe(true);
  });

  it('fails a sink whose clear() reports a drop but keeps playing', () => {
    const failed = failedTitles('broken: clear() lies');
    expect(
      failed.some((title) => title.includes('clear() with a large backlog accounts for every sample')),
    ).toBe(true);
  });

  it('passes the correct reference LLM', () => {
    expect(results('control: reference LLM').length).toBeGreaterThan(20);
    expect(failedTitles('control: reference LLM')).toEqual([]);
  });

  it('fails an LLM that ignores the abort signal', () => {
    failsOnly('broken: ignores abort', [
      'aborting mid-stream stops the text',
      'aborting complete() rejects with cancelled',
      'an already-aborted signal: complete() rejects with cancelled',
    ]);
  });

  it('fails an LLM that maps every HTTP error to unavailable', () => {
    failsOnly('broken: every error is unavailable', [
      'HTTP 401 -> auth',
      'HTTP 400 -> bad_request',
      'HTTP 429 -> rate_limit',
    ]);
  });

  it('fails an LLM that buffers the whole reply before yielding', () => {
    failsOnly('broken: buffers the stream', ['passes deltas on as they arrive']);
  });

  it('fails an LLM that makes no repair attempt', () => {
    failsOnly('broken: no repair attempt', ['invalid output, then valid output after the repair request']);
  });

  it('passes the correct reference TTS', () => {
    expect(results('control: reference TTS').length).toBeGreaterThan(10);
    expect(failedTitles('control: reference TTS')).toEqual([]);
  });

  it('fails a TTS that relabels the sample rate instead of converting', () => {
    failsOnly('broken: relabels the sample rate', [
      'yields PCM16 frames at 16000 Hz',
      'the same text lasts as long at 16 kHz as at 24 kHz',
    ]);
  });

  it('fails a TTS that ignores the abort signal', () => {
    failsOnly('broken: TTS ignores abort', [
      'aborting mid-synthesis: no audio after the abort',
      'an already-aborted signal yields one cancelled error part',
    ]);
  });

  it('fails a TTS session whose close() keeps the audio coming', () => {
    failsOnly('broken: close() keeps playing', ['session.close() mid-synthesis (barge-in)']);
  });

  it('passes the correct reference STT', () => {
    expect(results('control: reference STT').length).toBeGreaterThan(10);
    expect(failedTitles('control: reference STT')).toEqual([]);
  });

  it('fails an STT that sends end-of-turn before the final', () => {
    failsOnly('broken: end-of-turn before the final', [
      'finals carry the transcript, end-of-turn follows them',
      'two turns in one session',
    ]);
  });

  it('fails an STT that ignores the abort signal', () => {
    failsOnly('broken: STT ignores abort', [
      'aborting a streaming session ends it promptly',
      'aborting transcribe() rejects with cancelled',
      'an already-aborted signal: transcribe() rejects with cancelled',
    ]);
  });

  it('fails an STT session that never yields finish after close()', () => {
    failsOnly('broken: no finish after close()', ['close() with no audio ends the stream with finish alone']);
  });
});
