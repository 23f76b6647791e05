import { z } from 'zod';
import { valuesEqual } from '../compare-values.js';
import { OutputBuffer } from '../output-buffer.js';
import { notRun, notRunResult, summarize } from '../run-report.js';
import type { SandboxLimits } from '../sandbox-limits.js';
import type { RunReport, RunRequest, TestResult } from '../sandbox-types.js';
import { SandboxRemoteError } from './judge0-errors.js';
import { cppCompileOutput } from './judge0-harness-cpp.js';
import { javaCompileOutput } from './judge0-harness-java.js';

/**
 * GET /submissions/{token}?base64_encoded=true (docs/api/submissions/get_a_submission.md):
 * text attributes arrive Base64 (Ruby's encode64, with newlines), `time` as a
 * decimal string; only the fields we ask for, read leniently.
 */
export const judge0SubmissionSchema = z
  .object({
    status: z.object({ id: z.number().int(), description: z.string().nullish() }),
    stdout: z.string().nullish(),
    stderr: z.string().nullish(),
    compile_output: z.string().nullish(),
    message: z.string().nullish(),
    exit_code: z.number().nullish(),
    exit_signal: z.number().nullish(),
  })
  .loose();
export type Judge0SubmissionResult = z.infer<typeof judge0SubmissionSchema>;

export const judge0ResultFields = 'status,stdout,stderr,compile_output,message,exit_code,exit_signal';

/** Status ids (app/enumerations/status.rb): 1 In Queue, 2 Processing, then a result. */
export function isFinished(result: Judge0SubmissionResult): boolean {
  return result.status.id > 2;
}

// One line of our harness's output. The program can forge these (it shares the process), so they are data
// to check like any other input: unknown shapes are ignored.
const harnessLineSchema = z.union([
  z.object({
    setup: z.enum(['ok', 'error', 'timeout']),
    error: z.string().optional(),
    output: z.string().optional(),
  }),
  z.object({
    status: z.enum(['ok', 'error', 'timeout']),
    value: z.unknown().optional(),
    ms: z.number().optional(),
    error: z.string().optional(),
    output: z.string().optional(),
  }),
]);
type HarnessLine = z.infer<typeof harnessLineSchema>;

function decode(text: string | null | undefined): string {
  return text ? Buffer.from(text, 'base64').toString('utf8') : '';
}

function harnessLine(line: string): HarnessLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = harnessLineSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Why a program that stopped early stopped, from the status Judge0 gave it. */
function stopReason(
  result: Judge0SubmissionResult,
  limits: SandboxLimits,
): { reason: string; timeout: boolean } {
  const message = decode(result.message).trim();
  switch (result.status.id) {
    case 5:
      return { reason: 'time limit exceeded', timeout: true };
    case 8:
      return { reason: 'output limit exceeded', timeout: false };
    case 11:
      return { reason: `the program exited with status ${result.exit_code ?? '?'}`, timeout: false };
    case 7:
    case 9:
    case 10:
    case 12:
      return {
        reason:
          result.exit_signal === 9
            ? `the program was killed (memory limit of ${limits.memoryMb} MB?)`
            : `${result.status.description ?? 'Runtime Error'}${message ? `: ${message}` : ''}`,
        timeout: false,
      };
    default:
      return { reason: 'the program stopped', timeout: false };
  }
}

/**
 * The run report for a finished submission of one of our harnesses. A
 * compilation error fails every test with its output; an Internal Error is
 * the server's fault, not the program's (SandboxRemoteError, retryable); a
 * program that stopped early gives the running test the reason and the rest
 * "not run".
 */
export function judge0Report(
  request: RunRequest,
  limits: SandboxLimits,
  result: Judge0SubmissionResult,
  started: number,
): RunReport {
  const status = result.status.id;
  if (status === 13) {
    throw new SandboxRemoteError(
      'unavailable',
      `the Judge0 server failed to run the program: ${decode(result.message).slice(0, 200)}`,
    );
  }
  if (status === 14) {
    throw new SandboxRemoteError(
      'refused',
      `the Judge0 server could not execute the program: ${decode(result.message).slice(0, 200)}`,
    );
  }
  const output = new OutputBuffer(limits.outputBytes);
  output.append(decode(result.stderr));
  if (status === 6) {
    // The compiler's line numbers point into our file; the answer's own lines are what the candidate knows.
    const said = decode(result.compile_output);
    const renumbered =
      request.language === 'java'
        ? javaCompileOutput(said)
        : request.language === 'cpp'
          ? cppCompileOutput(said)
          : said;
    const error = renumbered.trim().slice(0, 2_000) || 'compilation failed';
    return summarize(request, notRun(request, error), output, started, error);
  }

  const results: TestResult[] = [];
  let setupError: string | undefined;
  let outputExceeded = false;
  for (const line of decode(result.stdout).split('\n')) {
    const message = harnessLine(line);
    if (!message) continue;
    if (message.output === 'exceeded') outputExceeded = true;
    if ('setup' in message) {
      if (message.setup !== 'ok')
        setupError = String(message.error ?? 'the program did not start').slice(0, 2_000);
      continue;
    }
    const test = request.tests[results.length];
    if (!test) break;
    const ms = typeof message.ms === 'number' ? message.ms : 0;
    if (message.status === 'ok') {
      const ok = valuesEqual(message.value, test.expected, test);
      results.push({ ok, status: ok ? 'pass' : 'fail', ms, expected: test.expected, actual: message.value });
    } else {
      const timedOut = message.status === 'timeout';
      results.push({
        ok: false,
        status: timedOut ? 'timeout' : 'error',
        ms,
        expected: test.expected,
        error: timedOut
          ? `time limit of ${limits.perTestMs} ms exceeded`
          : String(message.error ?? 'error').slice(0, 300),
      });
    }
  }
  if (outputExceeded) output.exceeded = true;
  if (setupError) return summarize(request, notRun(request, setupError), output, started, setupError);

  const { reason, timeout } =
    status === 8 || outputExceeded
      ? { reason: 'output limit exceeded', timeout: false }
      : stopReason(result, limits);
  for (let i = results.length; i < request.tests.length; i += 1) {
    const test = request.tests[i]!;
    const current = i === results.length;
    results.push(
      current && timeout
        ? { ok: false, status: 'timeout', ms: limits.perTestMs, expected: test.expected, error: reason }
        : notRunResult(test, current ? reason : 'not run: the program stopped'),
    );
  }
  return summarize(request, results, output, started);
}
