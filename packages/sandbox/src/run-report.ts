import type { OutputBuffer } from './output-buffer.js';
import type { RunReport, RunRequest, TestCase, TestResult } from './sandbox-types.js';

export function notRun(request: RunRequest, reason: string): TestResult[] {
  return request.tests.map((test) => notRunResult(test, reason));
}

export function notRunResult(test: TestCase, reason: string): TestResult {
  return { ok: false, status: 'error', ms: 0, expected: test.expected, error: reason };
}

export function summarize(
  request: RunRequest,
  results: TestResult[],
  output: OutputBuffer,
  started: number,
  compileError?: string,
): RunReport {
  const passed = results.filter((r) => r.ok).length;
  return {
    language: request.language,
    passed,
    total: results.length,
    passRate: results.length === 0 ? 0 : passed / results.length,
    results,
    ...(compileError ? { compileError } : {}),
    output: output.text,
    outputTruncated: output.exceeded,
    totalMs: Math.round(performance.now() - started),
  };
}
