import { valuesEqual } from './compare-values.js';
import type { RunReport, TestCase, TestResult } from './sandbox-types.js';

/** `text` cut to at most `maxBytes` of UTF-8, with a marker saying how much was cut. */
export function truncateText(text: string, maxBytes: number): string {
  const size = Buffer.byteLength(text);
  if (size <= maxBytes) return text;
  const kept = Buffer.from(text)
    .subarray(0, Math.max(0, maxBytes))
    .toString('utf8')
    .replace(/\uFFFD$/u, '');
  return `${kept}… [truncated: ${size - Buffer.byteLength(kept)} more bytes]`;
}

/**
 * One test's result from the JSON text of the value the program returned: a
 * value over `valueBytes` fails the test and is kept only as a marked preview.
 */
export function resultFromJson(test: TestCase, json: string, ms: number, valueBytes: number): TestResult {
  if (Buffer.byteLength(json) > valueBytes) return oversizedValue(test, json, ms, valueBytes);
  let actual: unknown;
  try {
    actual = JSON.parse(json);
  } catch {
    return {
      ok: false,
      status: 'error',
      ms,
      expected: test.expected,
      error: 'the returned value is not JSON',
    };
  }
  const ok = valuesEqual(actual, test.expected, test);
  return { ok, status: ok ? 'pass' : 'fail', ms, expected: test.expected, actual };
}

export function oversizedValue(test: TestCase, preview: string, ms: number, valueBytes: number): TestResult {
  return {
    ok: false,
    status: 'error',
    ms,
    expected: test.expected,
    // The program may have cut the preview already, so the marker is always added here.
    actual: `${Buffer.from(preview.slice(0, 256))
      .subarray(0, 256)
      .toString('utf8')
      .replace(/\uFFFD$/u, '')}… [truncated: larger than ${valueBytes} bytes]`,
    error: `the returned value is larger than ${valueBytes} bytes`,
  };
}

/**
 * A report over `reportBytes` fails as a whole: returned values give way to a
 * marker, output is cut to what still fits, and every test becomes an error.
 */
export function capReport(report: RunReport, reportBytes: number): RunReport {
  if (Buffer.byteLength(JSON.stringify(report)) <= reportBytes) return report;
  const error = `the report is larger than ${reportBytes} bytes`;
  const results = report.results.map(({ actual: _dropped, ...r }) => ({
    ...r,
    ok: false,
    status: 'error' as const,
    ...(r.status === 'pass' || r.status === 'fail' ? { actual: '[omitted: report too large]' } : {}),
    error: r.error ? truncateText(`${error}; ${r.error}`, 300) : error,
  }));
  const capped: RunReport = { ...report, results, passed: 0, passRate: 0, output: '' };
  const room = reportBytes - Buffer.byteLength(JSON.stringify(capped)) - 64;
  if (room <= 0) {
    // Even without values it is too large: only the counts survive.
    return {
      ...capped,
      results: report.results.map(() => ({ ok: false, status: 'error', ms: 0, error })),
      outputTruncated: report.output.length > 0,
    };
  }
  return {
    ...capped,
    output: truncateText(report.output, room),
    outputTruncated: report.outputTruncated || Buffer.byteLength(report.output) > room,
  };
}
