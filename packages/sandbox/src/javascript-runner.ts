import { valuesEqual } from './compare-values.js';
import { OutputBuffer } from './output-buffer.js';
import { notRun, notRunResult, summarize } from './run-report.js';
import type { SandboxLimits } from './sandbox-limits.js';
import type { RunReport, RunRequest, TestResult } from './sandbox-types.js';
import { toIsolateScript } from './strip-types.js';

/**
 * Runs JavaScript or TypeScript in a fresh V8 isolate per request: its own
 * heap under `memoryLimit`, no Node APIs (no require, process, fs or network),
 * and a wall-clock timeout on every entry into it. isolated-vm runs the
 * isolate on its own thread, so the service's event loop stays free.
 */
export async function runJavaScript(request: RunRequest, limits: SandboxLimits): Promise<RunReport> {
  const started = performance.now();
  const ivm = await loadIsolatedVm();
  const output = new OutputBuffer(limits.outputBytes);
  const language = request.language === 'typescript' ? 'typescript' : 'javascript';
  const report = (results: TestResult[], compileError?: string): RunReport =>
    summarize(request, results, output, started, compileError);

  const script = await toIsolateScript(request.code, language);
  if (!script.ok) return report(notRun(request, script.error), script.error);

  const isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb });
  try {
    const context = await isolate.createContext();
    await context.global.set('globalThis', context.global.derefInto());
    await context.global.set(
      '__print',
      new ivm.Callback((line: string) => {
        output.append(`${String(line)}\n`);
        // Throwing inside the isolate stops a program that prints without end.
        if (output.exceeded) throw new Error('output limit exceeded');
      }),
    );
    await context.eval(consolePrelude, { timeout: limits.perTestMs });

    try {
      const compiled = await isolate.compileScript(script.code, {
        filename: `solution.${language === 'typescript' ? 'ts' : 'js'}`,
      });
      await compiled.run(context, { timeout: limits.perTestMs });
    } catch (error) {
      const message = describeError(error, limits);
      return report(notRun(request, message), message);
    }

    const deadline = started + limits.totalMs;
    const results: TestResult[] = [];
    for (const test of request.tests) {
      if (isolate.isDisposed || performance.now() > deadline) {
        results.push(notRunResult(test, isolate.isDisposed ? 'sandbox stopped' : 'total time limit reached'));
        continue;
      }
      const call = `(() => {
        const fn = typeof ${request.entryPoint} === 'function' ? ${request.entryPoint}
          : (module.exports && (module.exports.${request.entryPoint} || module.exports.default));
        if (typeof fn !== 'function') throw new ReferenceError('entry point ${request.entryPoint} is not defined');
        const value = fn(...JSON.parse(${JSON.stringify(JSON.stringify(test.args))}));
        return JSON.stringify(value === undefined ? null : value);
      })()`;
      const testStarted = performance.now();
      const timeout = Math.max(1, Math.min(limits.perTestMs, deadline - testStarted));
      try {
        const raw: unknown = await context.eval(call, { timeout, copy: true });
        const ms = Math.round(performance.now() - testStarted);
        const actual: unknown = typeof raw === 'string' ? JSON.parse(raw) : null;
        const ok = valuesEqual(actual, test.expected, test);
        results.push({ ok, status: ok ? 'pass' : 'fail', ms, expected: test.expected, actual });
      } catch (error) {
        const ms = Math.round(performance.now() - testStarted);
        const timedOut = isTimeout(error);
        results.push({
          ok: false,
          status: timedOut ? 'timeout' : 'error',
          ms,
          expected: test.expected,
          error: describeError(error, limits),
        });
      }
    }
    return report(results);
  } finally {
    if (!isolate.isDisposed) isolate.dispose();
  }
}

type IsolatedVm = typeof import('isolated-vm');
let isolatedVm: Promise<IsolatedVm> | undefined;

/**
 * isolated-vm is loaded on first use, so a process that never runs
 * JavaScript answers need not carry it. On Node 20+ V8 isolates need the
 * startup snapshot off: without --no-node-snapshot creating one can crash the
 * whole process, so we refuse instead.
 */
export function isolatesAvailable(): boolean {
  return (
    process.execArgv.includes('--no-node-snapshot') ||
    (process.env.NODE_OPTIONS ?? '').includes('--no-node-snapshot')
  );
}

async function loadIsolatedVm(): Promise<IsolatedVm> {
  if (!isolatesAvailable()) {
    throw new SandboxUnavailableError('JavaScript sandbox needs node --no-node-snapshot');
  }
  isolatedVm ??= import('isolated-vm').then((m) => (m as { default?: IsolatedVm }).default ?? m);
  return isolatedVm;
}

/** The sandbox cannot run this language in this process. */
export class SandboxUnavailableError extends Error {
  override readonly name = 'SandboxUnavailableError';
}

// `console` inside the isolate writes through the bounded callback above.
const consolePrelude = `
  var module = { exports: {} };
  var exports = module.exports;
  const __fmt = (args) => args.map((a) => typeof a === 'string' ? a : (() => { try { return JSON.stringify(a); } catch { return String(a); } })()).join(' ');
  globalThis.console = { log: (...a) => __print(__fmt(a)), error: (...a) => __print(__fmt(a)), warn: (...a) => __print(__fmt(a)), info: (...a) => __print(__fmt(a)) };
`;

function isTimeout(error: unknown): boolean {
  return error instanceof Error && /timed out/i.test(error.message);
}

function describeError(error: unknown, limits: SandboxLimits): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/timed out/i.test(message)) return `time limit of ${limits.perTestMs} ms exceeded`;
  if (/memory limit|disposed/i.test(message)) return `memory limit of ${limits.memoryMb} MB exceeded`;
  const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
  return `${name}${message}`.split('\n')[0]!.slice(0, 300);
}
