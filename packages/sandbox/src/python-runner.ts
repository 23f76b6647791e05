import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { valuesEqual } from './compare-values.js';
import { OutputBuffer } from './output-buffer.js';
import { notRun, notRunResult, summarize } from './run-report.js';
import type { SandboxLimits } from './sandbox-limits.js';
import type { RunReport, RunRequest, TestResult } from './sandbox-types.js';

const harnessPath = join(dirname(fileURLToPath(import.meta.url)), 'python-harness.py');
const nobody = 65_534;
// The interpreter's own mappings count against RLIMIT_AS; the limit the user
// sets is for the program, so the interpreter's baseline is added on top.
const interpreterBaselineBytes = 64 * 1024 * 1024;

let unshareWorks: boolean | undefined;

/** A network namespace of its own, when this process may create one (root). */
function canUnshareNetwork(): boolean {
  if (unshareWorks === undefined) {
    unshareWorks =
      process.getuid?.() === 0 &&
      existsSync('/usr/bin/unshare') &&
      spawnSync('/usr/bin/unshare', ['--net', '--setuid', String(nobody), '--setgid', String(nobody), 'true'])
        .status === 0;
  }
  return unshareWorks;
}

/**
 * Runs a Python solution in a child process: empty environment, a private
 * temporary folder removed afterwards, rlimits (CPU, address space, no new
 * processes, few files, bounded file size), an audit hook refusing process,
 * socket and out-of-folder writes, no network namespace and an unprivileged
 * user when the service runs as root. The parent enforces wall time and output
 * size by killing the process group.
 */
export async function runPython(request: RunRequest, limits: SandboxLimits): Promise<RunReport> {
  const started = performance.now();
  const output = new OutputBuffer(limits.outputBytes);
  const workdir = await mkdtemp(join(tmpdir(), 'sandbox-py-'));
  const asRoot = process.getuid?.() === 0;
  try {
    if (asRoot) await chown(workdir, nobody, nobody);
    const pythonArgs = ['-I', '-S', '-B', harnessPath];
    const [command, args] = canUnshareNetwork()
      ? [
          '/usr/bin/unshare',
          [
            '--net',
            '--setuid',
            String(nobody),
            '--setgid',
            String(nobody),
            '--',
            limits.pythonPath,
            ...pythonArgs,
          ],
        ]
      : [limits.pythonPath, pythonArgs];
    const child = spawn(command, args, {
      cwd: workdir,
      env: {},
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      ...(asRoot && !canUnshareNetwork() ? { uid: nobody, gid: nobody } : {}),
    });
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };

    const job = {
      code: request.code,
      entryPoint: request.entryPoint,
      tests: request.tests.map((t) => t.args),
      perTestMs: limits.perTestMs,
      cpuSeconds: Math.ceil(limits.totalMs / 1000) + 1,
      memoryBytes: limits.memoryMb * 1024 * 1024 + interpreterBaselineBytes,
      fileBytes: limits.outputBytes,
      workdir,
    };
    child.stdin.on('error', () => {});
    child.stdin.end(`${JSON.stringify(job)}\n`);

    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        output.append(chunk);
        if (output.exceeded) killGroup();
      });
    }

    const results: TestResult[] = [];
    let setupError: string | undefined;
    let stopReason: string | undefined;
    const deadline = started + limits.totalMs;
    // Each line must come within a test's time (plus start-up slack), and all within the total.
    const lineBudget = () => Math.min(limits.perTestMs + 1_000, Math.max(0, deadline - performance.now()));
    let watchdog = setTimeout(() => {
      stopReason = 'time limit exceeded';
      killGroup();
    }, lineBudget() + 1_000);
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    child.on('error', (error) => {
      setupError = `python could not start: ${error.message}`;
    });

    const lines = createInterface({ input: child.stdio[3] as Readable });
    for await (const line of lines) {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        stopReason = 'time limit exceeded';
        killGroup();
      }, lineBudget());
      const message = parseLine(line);
      if (!message) continue;
      if ('setup' in message) {
        if (message.setup !== 'ok') setupError = message.error ?? 'the program did not start';
        continue;
      }
      const test = request.tests[results.length];
      if (!test) break;
      if (message.status === 'ok') {
        const ok = valuesEqual(message.value, test.expected, test);
        results.push({
          ok,
          status: ok ? 'pass' : 'fail',
          ms: message.ms ?? 0,
          expected: test.expected,
          actual: message.value,
        });
      } else {
        results.push({
          ok: false,
          status: message.status === 'timeout' ? 'timeout' : 'error',
          ms: message.ms ?? 0,
          expected: test.expected,
          error:
            message.status === 'timeout' ? `time limit of ${limits.perTestMs} ms exceeded` : message.error,
        });
      }
    }
    clearTimeout(watchdog);
    killGroup();
    await exited;

    if (setupError) return summarize(request, notRun(request, setupError), output, started, setupError);
    const reason = output.exceeded ? 'output limit exceeded' : (stopReason ?? 'the program stopped');
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
    await rm(workdir, { recursive: true, force: true });
  }
}

type HarnessLine =
  | { setup: 'ok' | 'error' | 'timeout'; error?: string }
  | { status: 'ok' | 'error' | 'timeout'; value?: unknown; ms?: number; error?: string };

function parseLine(line: string): HarnessLine | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as HarnessLine) : undefined;
  } catch {
    return undefined;
  }
}
