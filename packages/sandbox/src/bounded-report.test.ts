import { describe, expect, it } from 'vitest';
import { capReport, resultFromJson, truncateText } from './bounded-report.js';
import type { RunReport } from './sandbox-types.js';

describe('truncateText', () => {
  it('keeps text within the limit and marks how much was cut', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('x'.repeat(100), 10)).toBe('xxxxxxxxxx… [truncated: 90 more bytes]');
    // A multi-byte character is never split.
    expect(truncateText('ééééé', 3)).toBe('é… [truncated: 8 more bytes]');
  });
});

describe('resultFromJson', () => {
  const test = { args: [1], expected: [1, 2] };
  it('compares a value within the limit', () => {
    expect(resultFromJson(test, '[1,2]', 3, 100)).toMatchObject({ ok: true, status: 'pass', actual: [1, 2] });
    expect(resultFromJson(test, '[2,1]', 3, 100)).toMatchObject({ ok: false, status: 'fail' });
  });
  it('fails a value over the limit and keeps only a marked preview', () => {
    const result = resultFromJson(test, JSON.stringify('v'.repeat(10_000)), 3, 1_000);
    expect(result).toMatchObject({
      ok: false,
      status: 'error',
      error: 'the returned value is larger than 1000 bytes',
    });
    expect(String(result.actual).length).toBeLessThan(300);
    expect(String(result.actual)).toContain('[truncated');
  });
});

describe('capReport', () => {
  const report = (actual: unknown, output = ''): RunReport => ({
    language: 'python',
    passed: 2,
    total: 2,
    passRate: 1,
    results: [
      { ok: true, status: 'pass', ms: 1, expected: actual, actual },
      { ok: true, status: 'pass', ms: 1, expected: 1, actual: 1 },
    ],
    output,
    outputTruncated: false,
    totalMs: 5,
  });

  it('leaves a report within the limit alone', () => {
    const small = report('ok');
    expect(capReport(small, 10_000)).toBe(small);
  });

  it('fails a report over the limit: values give way to a marker, output is cut, every test is an error', () => {
    const capped = capReport(report('a'.repeat(5_000), 'o'.repeat(9_000)), 12_000);
    expect(Buffer.byteLength(JSON.stringify(capped))).toBeLessThanOrEqual(12_000);
    expect(capped.passed).toBe(0);
    expect(
      capped.results.every((r) => !r.ok && r.status === 'error' && /report is larger/.test(r.error ?? '')),
    ).toBe(true);
    expect(capped.results[0]?.actual).toBe('[omitted: report too large]');
    expect(capped.output).toContain('[truncated');
  });

  it('keeps only the counts when even the expected values do not fit', () => {
    const capped = capReport(report('e'.repeat(50_000)), 2_000);
    expect(Buffer.byteLength(JSON.stringify(capped))).toBeLessThanOrEqual(2_000);
    expect(capped.total).toBe(2);
    expect(capped.passed).toBe(0);
  });
});
