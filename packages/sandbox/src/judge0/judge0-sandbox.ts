import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { OutputBuffer } from '../output-buffer.js';
import { createQueuedSandbox } from '../queued-sandbox.js';
import { notRun, summarize } from '../run-report.js';
import type { ExecutionEvent, Sandbox } from '../sandbox.js';
import { type SandboxLimitsInput, sandboxLimitsSchema } from '../sandbox-limits.js';
import { type RunReport, type RunRequest, runnableLanguages } from '../sandbox-types.js';
import { toIsolateScript } from '../strip-types.js';
import { type Judge0ClientOptions, judge0Request } from './judge0-client.js';
import { SandboxRemoteError } from './judge0-errors.js';
import { cppSource } from './judge0-harness-cpp.js';
import { javaSource } from './judge0-harness-java.js';
import { javascriptHarness } from './judge0-harness-javascript.js';
import { pythonHarness } from './judge0-harness-python.js';
import { judge0LanguageIds } from './judge0-languages.js';
import { judge0Limits, judge0ServerMaxima } from './judge0-limits.js';
import { isFinished, judge0Report, judge0ResultFields, judge0SubmissionSchema } from './judge0-report.js';

export const judge0SandboxOptionsSchema = z.strictObject({
  /** Base URL of a Judge0 CE server (http or https). */
  url: z.url({ protocol: /^https?$/ }),
  /** The server's AUTHN_TOKEN, when it has one. */
  authToken: z.string().min(1).optional(),
  /** The server's AUTHN_HEADER. */
  authHeader: z.string().min(1).default('X-Auth-Token'),
  /** Fixed Judge0 language ids; otherwise looked up by name in GET /languages. */
  languageIds: z.partialRecord(z.enum(runnableLanguages), z.number().int()).default({}),
  /** Longest wait for one HTTP exchange. */
  requestTimeoutMs: z.number().int().positive().default(10_000),
  /** Longest wait in the server's queue, on top of the run's own time limit. */
  queueWaitMs: z.number().int().positive().default(30_000),
  /** First poll interval; it grows by half each poll up to `maxPollMs`. */
  pollMs: z.number().int().positive().default(100),
  maxPollMs: z.number().int().positive().default(1_000),
  /** One test's JSON return value at most. */
  valueBytes: z
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** All results of one run together at most. */
  reportBytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
});
export type Judge0SandboxOptions = z.input<typeof judge0SandboxOptionsSchema> & {
  limits?: SandboxLimitsInput;
  fetch?: typeof fetch;
};

/**
 * The runner interface over a Judge0 CE server, so code runs on a fleet of
 * its own: each run is one submission whose source is our harness for the
 * language and whose stdin is the candidate's code and tests
 * (docs/api/submissions/create_a_submission.md, base64_encoded=true), polled
 * with backoff until it has a result. Judge0's isolate confines the program;
 * its limits carry ours (cpu_time_limit, wall_time_limit, memory_limit,
 * max_file_size), within the maxima GET /config_info reports. Judge0 cannot stop a queued or running submission (DELETE
 * refuses both, submissions_controller.rb#destroy), so an abort stops our
 * waiting and the server's limits end the run.
 */
export function createJudge0Sandbox(
  options: Judge0SandboxOptions,
  hooks: { onExecution?: ((event: ExecutionEvent) => void) | undefined } = {},
): Sandbox {
  const { limits: limitsInput, fetch: fetchImpl, ...rest } = options;
  const settings = judge0SandboxOptionsSchema.parse(rest);
  const limits = sandboxLimitsSchema.parse(limitsInput ?? {});
  const client: Judge0ClientOptions = {
    url: settings.url,
    authToken: settings.authToken,
    authHeader: settings.authHeader,
    requestTimeoutMs: settings.requestTimeoutMs,
    fetch: fetchImpl ?? fetch,
  };
  const languageId = judge0LanguageIds(client, settings.languageIds);
  const maxima = judge0ServerMaxima(client);
  const fileBytes = Math.max(limits.outputBytes, settings.reportBytes) + 4 * 1024;
  // stdout and stderr in Base64 with Ruby's line breaks, plus the JSON around them.
  const answerBytes = Math.ceil(fileBytes * 2 * 1.4) + 64 * 1024;

  const execute = async (request: RunRequest, signal: AbortSignal | undefined): Promise<RunReport> => {
    const started = performance.now();
    const program = await judge0Program(request);
    if (!program.ok) {
      return summarize(request, notRun(request, program.error), new OutputBuffer(0), started, program.error);
    }
    const job = {
      code: program.code,
      classes: program.classes,
      entryPoint: request.entryPoint,
      tests: request.tests.map((t) => t.args),
      perTestMs: limits.perTestMs,
      totalMs: limits.totalMs,
      outputBytes: limits.outputBytes,
      valueBytes: settings.valueBytes,
      reportBytes: settings.reportBytes,
    };
    const created = await judge0Request(client, 'POST', 'submissions?base64_encoded=true&wait=false', {
      signal,
      maxBytes: 16 * 1024,
      body: {
        language_id: await languageId(request.language, signal),
        source_code: Buffer.from(program.source).toString('base64'),
        stdin: Buffer.from(JSON.stringify(job)).toString('base64'),
        ...judge0Limits(limits, request.language, fileBytes, await maxima(signal)),
      },
    });
    const token = z.object({ token: z.string().min(1).max(200) }).safeParse(created);
    if (!token.success) throw new SandboxRemoteError('protocol', 'POST /submissions did not answer a token');

    const deadline = performance.now() + limits.totalMs + settings.queueWaitMs;
    let pause = settings.pollMs;
    for (;;) {
      const body = await judge0Request(
        client,
        'GET',
        `submissions/${encodeURIComponent(token.data.token)}?base64_encoded=true&fields=${judge0ResultFields}`,
        { signal, maxBytes: answerBytes },
      );
      const result = judge0SubmissionSchema.safeParse(body);
      if (!result.success)
        throw new SandboxRemoteError('protocol', 'GET /submissions/{token} answered no status');
      if (isFinished(result.data)) return judge0Report(request, limits, result.data, started);
      if (performance.now() + pause > deadline) {
        throw new SandboxRemoteError(
          'unavailable',
          `the Judge0 server gave no result within ${limits.totalMs + settings.queueWaitMs} ms`,
        );
      }
      // Rejects when the caller aborts; the queued sandbox answers the caller with the signal's reason.
      await delay(pause, undefined, { signal });
      pause = Math.min(settings.maxPollMs, Math.ceil(pause * 1.5));
    }
  };

  return createQueuedSandbox(limits, hooks, runnableLanguages, execute);
}

type Program = { ok: true; source: string; code: string; classes: string[] } | { ok: false; error: string };

/**
 * What Judge0 compiles and what the harness reads: interpreted languages send
 * a fixed harness and the answer on stdin (TypeScript loses its types here, as
 * in the local runner); Java and C++ compile the answer into the harness's file.
 */
async function judge0Program(request: RunRequest): Promise<Program> {
  if (request.language === 'python')
    return { ok: true, source: pythonHarness, code: request.code, classes: [] };
  if (request.language === 'java') return { ok: true, code: '', ...javaSource(request.code) };
  if (request.language === 'cpp') {
    const cpp = cppSource(request.code, request.entryPoint);
    return cpp.ok ? { ok: true, source: cpp.source, code: '', classes: [] } : cpp;
  }
  const script = await toIsolateScript(request.code, request.language);
  return script.ok ? { ok: true, source: javascriptHarness, code: script.code, classes: [] } : script;
}
