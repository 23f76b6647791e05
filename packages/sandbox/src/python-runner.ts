import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { readBoundedLines } from './bounded-lines.js';
import { oversizedValue, resultFromJson, truncateText } from './bounded-report.js';
import { allocateRunUid, bwrapArgs, seccompFd } from './confinement/bwrap-command.js';
import type { InterpreterLayout } from './confinement/interpreter-layout.js';
import { OutputBuffer } from './output-buffer.js';
import { notRun, notRunResult, summarize } from './run-report.js';
import type { SandboxLimits } from './sandbox-limits.js';
import type { RunReport, RunRequest, TestCase, TestResult } from './sandbox-types.js';

const harnessPath = join(dirname(fileURLToPath(import.meta.url)), 'python-harness.py');
let harness: string | undefined;
// The interpreter's own mappings count against RLIMIT_AS; the limit the user
// sets is for the program, so the interpreter's baseline is added on top.
const interpreterBaselineBytes = 64 * 1024 * 1024;
// Slack on a result line beyond the value it carries (status, time, escapes).
const lineSlackBytes = 1024;

/** How Python runs are confined: bubblewrap with this layout and seccomp program. */
export interface PythonConfinement {
  bwrapPath: string;
  layout: InterpreterLayout;
  seccomp: Buffer;
}

/**
 * Runs a Python solution under bubblewrap (see bwrap-command.ts): its own
 * namespaces, uid, read-only root and tmpfs work folder, a seccomp filter,
 * not dumpable; inside, rlimits (CPU, address space, no new processes, few
 * files, bounded file size) and an audit hook as a second layer. The parent
 * enforces wall time and reads every descriptor with a byte limit, killing the
 * process group when one is passed. `confinement: null` runs the harness
 * directly and exists only so a benchmark can measure what confinement costs.
 */
export async function runPython(
  request: RunRequest,
  limits: SandboxLimits,
  confinement: PythonConfinement | null,
): Promise<RunReport> {
  const started = performance.now();
  const output = new OutputBuffer(limits.outputBytes);
  const workdir = confinement ? undefined : await mkdtemp(join(tmpdir(), 'sandbox-py-'));
  const uid = allocateRunUid();
  const asRoot = process.getuid?.() === 0;
  try {
    harness ??= await readFile(harnessPath, 'utf8');
    const pythonArgs = ['-I', '-S', '-B', '-c', harness];
    const [command, args] = confinement
      ? [
          confinement.bwrapPath,
          bwrapArgs({
            layout: confinement.layout,
            uid,
            workBytes: Math.max(limits.outputBytes * 4, 1024 * 1024),
            args: pythonArgs,
          }),
        ]
      : [limits.pythonPath, pythonArgs];
    const child = spawn(command, args, {
      cwd: workdir ?? '/',
      env: {},
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', confinement ? 'pipe' : 'ignore'],
      // As root, bwrap itself starts as the run's own unprivileged uid.
      ...(asRoot && confinement ? { uid, gid: uid } : {}),
    });
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    if (confinement) {
      const seccompPipe = child.stdio[seccompFd] as Writable;
      seccompPipe.on('error', () => {});
      seccompPipe.end(confinement.seccomp);
    }

    const job = {
      code: request.code,
      entryPoint: request.entryPoint,
      tests: request.tests.map((t) => t.args),
      perTestMs: limits.perTestMs,
      cpuSeconds: Math.ceil(limits.totalMs / 1000) + 1,
      memoryBytes: limits.memoryMb * 1024 * 1024 + interpreterBaselineBytes,
      fileBytes: limits.outputBytes,
      valueBytes: limits.valueBytes,
    };
    const stdin = child.stdin as Writable;
    stdin.on('error', () => {});
    stdin.end(`${JSON.stringify(job)}\n`);

    const results: TestResult[] = [];
    // The test that was running when the output passed its limit.
    let exceededAt = Number.POSITIVE_INFINITY;
    for (const stream of [child.stdout, child.stderr] as Readable[]) {
      stream.on('error', () => {});
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        if (output.exceeded) return;
        output.append(chunk);
        if (output.exceeded) {
          exceededAt = results.length;
          killGroup();
        }
      });
    }

    let setupError: string | undefined;
    let stopReason: string | undefined;
    const deadline = started + limits.totalMs;
    // Each line must come within a test's time (plus start-up slack), and all within the total.
    const lineBudget = () => Math.min(limits.perTestMs + 1_000, Math.max(0, deadline - performance.now()));
    const stop = (reason: string) => {
      stopReason ??= reason;
      killGroup();
    };
    let watchdog = setTimeout(() => stop('time limit exceeded'), lineBudget() + 1_000);
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    child.on('error', (error) => {
      setupError = `python could not start: ${error.message}`;
    });

    const lineBytes = limits.valueBytes + lineSlackBytes;
    readBoundedLines(
      child.stdio[3] as Readable,
      { maxLineBytes: lineBytes, maxTotalBytes: (request.tests.length + 2) * lineBytes },
      (line) => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => stop('time limit exceeded'), lineBudget());
        const message = parseLine(line);
        if (!message) return;
        if ('setup' in message) {
          if (message.setup !== 'ok')
            setupError = truncateText(message.error ?? 'the program did not start', 300);
          return;
        }
        const test = request.tests[results.length];
        if (!test) return stop('the program wrote more results than tests');
        results.push(resultOf(message, test, limits));
      },
      (kind) =>
        stop(
          kind === 'line'
            ? `a result line is larger than ${lineBytes} bytes`
            : 'the result channel passed its byte limit',
        ),
    );
    await exited;
    clearTimeout(watchdog);
    killGroup();

    if (setupError) return summarize(request, notRun(request, setupError), output, started, setupError);
    const reason = output.exceeded ? 'output limit exceeded' : (stopReason ?? 'the program stopped');
    // A run over the output limit fails: its results from the test that was running then are dropped
    // (a result can reach us before the output that overflowed, so at least the last test fails).
    if (output.exceeded)
      results.length = Math.max(0, Math.min(results.length, exceededAt, request.tests.length - 1));
    // The test that was running when the process died gets the reason; later ones were not run.
    for (let i = results.length; i < request.tests.length; i += 1) {
      const test = request.tests[i]!;
      const current = i === results.length;
      results.push(
        current && reason === 'time limit exceeded'
          ? { ok: false, status: 'timeout', ms: limits.perTestMs, expected: test.expected, error: reason }
          : notRunResult(test, current ? reason : 'not run: the program stopped'),
      );
    }
    return summarize(request, results, output, started);
  } finally {
    if (workdir) await rm(workdir, { recursive: true, force: true });
  }
}

function resultOf(message: TestLine, test: TestCase, limits: SandboxLimits): TestResult {
  const ms = typeof message.ms === 'number' ? message.ms : 0;
  if (message.status === 'ok')
    return resultFromJson(test, JSON.stringify(message.value ?? null), ms, limits.valueBytes);
  if (message.status === 'too_large')
    return oversizedValue(test, String(message.preview ?? ''), ms, limits.valueBytes);
  return {
    ok: false,
    status: message.status === 'timeout' ? 'timeout' : 'error',
    ms,
    expected: test.expected,
    error:
      message.status === 'timeout'
        ? `time limit of ${limits.perTestMs} ms exceeded`
        : truncateText(String(message.error ?? 'error'), 300),
  };
}

type TestLine = {
  status: 'ok' | 'error' | 'timeout' | 'too_large';
  value?: unknown;
  preview?: unknown;
  ms?: unknown;
  error?: unknown;
};

type HarnessLine = { setup: 'ok' | 'error' | 'timeout'; error?: string } | TestLine;

function parseLine(line: string): HarnessLine | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as HarnessLine) : undefined;
  } catch {
    return undefined;
  }
}
