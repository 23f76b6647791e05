import type { CodeEvaluationInput, CodeTests } from '@bot-backend/interview';
import {
  type RunnableLanguage,
  type Sandbox,
  SandboxBusyError,
  SandboxRemoteError,
  SandboxUnavailableError,
} from '@bot-backend/sandbox';
import { ApiError } from '../errors/api-error.js';

/**
 * The evaluator's `runTests` hook over the sandbox: code in a language the
 * sandbox runs, for a question with an entry point and test cases, is run
 * against every case. A full queue is a 503 with Retry-After, never a pile-up;
 * so is a sandbox that cannot run the code (the message says why).
 */
export function createCodeRunner(sandbox: Sandbox) {
  // Each runner says what it runs: the local one JS, TS and Python; a Judge0 server more.
  const runnable = new Set<string>(sandbox.languages);
  return async (input: CodeEvaluationInput): Promise<CodeTests | undefined> => {
    const { question, language, code } = input;
    if (!runnable.has(language) || !question.entryPoint || !question.tests?.length) return undefined;
    try {
      const report = await sandbox.run({
        language: language as RunnableLanguage,
        code,
        entryPoint: question.entryPoint,
        tests: question.tests,
      });
      return {
        passed: report.passed,
        total: report.total,
        passRate: report.passRate,
        ...(report.compileError ? { compileError: report.compileError } : {}),
        results: report.results.map((r) => ({
          ok: r.ok,
          status: r.status,
          ms: r.ms,
          ...(r.error ? { error: r.error } : {}),
          expected: r.expected,
          ...(r.status === 'pass' || r.status === 'fail' ? { actual: r.actual } : {}),
        })),
      };
    } catch (error) {
      if (SandboxBusyError.isInstance(error)) {
        throw new ApiError({
          status: 503,
          code: 'sandbox_busy',
          message: 'Too many code executions are running; retry shortly.',
          headers: { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) },
        });
      }
      if (SandboxUnavailableError.isInstance(error)) {
        // Fail closed: code that cannot be run confined is not run at all, and the caller is told why.
        throw new ApiError({
          status: 503,
          code: 'sandbox_unavailable',
          message: error.message,
          ...(error.retryAfterMs !== undefined
            ? { headers: { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) } }
            : {}),
        });
      }
      // A remote runner (Judge0) that is down or refuses us: the candidate's code was not judged.
      if (SandboxRemoteError.isInstance(error)) {
        throw new ApiError({
          status: 503,
          code: 'sandbox_unavailable',
          message: `Code execution is unavailable: ${error.message}.`,
          headers: error.retryAfterMs ? { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) } : {},
        });
      }
      throw error;
    }
  };
}
