import { resultFromJson } from './bounded-report.js';
import { OutputBuffer } from './output-buffer.js';
import { notRun, notRunResult, summarize } from './run-report.js';
import type { SandboxLimits } from './sandbox-limits.js';
import type { RunReport, RunRequest, TestResult } from './sandbox-types.js';
import { SandboxUnavailableError } from './sandbox-unavailable-error.js';
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
      new ivm.Callback((line: unknown) => {
        // The prelude cuts each line inside the isolate, so nothing larger crosses.
        output.append(`${String(line).slice(0, limits.outputBytes + 1)}\n`);
        // Throwing inside the isolate stops a program that prints without end.
        if (output.exceeded) throw new Error('output limit exceeded');
      }),
    );
    await context.eval(prelude(limits, request.entryPoint), { timeout: limits.perTestMs });

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
      // The entry point is looked up in the script's scope; __sandbox (frozen) calls it and
      // returns the JSON text of its value, cut inside the isolate at the value limit.
      const call = `__sandbox.run(typeof ${request.entryPoint} === 'function' ? ${request.entryPoint}
        : (module.exports && (module.exports.${request.entryPoint} || module.exports.default)),
        ${JSON.stringify(JSON.stringify(test.args))})`;
      const testStarted = performance.now();
      // isolated-vm takes whole milliseconds only.
      const timeout = Math.max(1, Math.floor(Math.min(limits.perTestMs, deadline - testStarted)));
      try {
        const raw: unknown = await context.eval(call, { timeout, copy: true });
        const ms = Math.round(performance.now() - testStarted);
        results.push(resultFromJson(test, typeof raw === 'string' ? raw : 'null', ms, limits.valueBytes));
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

/**
 * Loads isolated-vm and makes and drops one isolate, so the first run after a
 * start does not pay for either within its own time limit (on a busy machine,
 * loading it took longer than a run's whole limit). Nothing when isolates are
 * unavailable: runs say why.
 */
export async function loadIsolates(): Promise<void> {
  if (!isolatesAvailable()) return;
  const ivm = await loadIsolatedVm();
  new ivm.Isolate({ memoryLimit: 8 }).dispose();
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

/**
 * Runs before the candidate's code. `console` writes through the bounded
 * callback, each line cut before it leaves the isolate; `__sandbox` holds the
 * originals of what it uses, so a program that replaces JSON.stringify or
 * String.prototype.slice cannot make a value larger than the limit cross.
 */
function prelude(limits: SandboxLimits, entryPoint: string): string {
  return `
  var module = { exports: {} };
  var exports = module.exports;
  (() => {
    const print = __print;
    delete globalThis.__print;
    const stringify = JSON.stringify;
    const parse = JSON.parse;
    const slice = Function.prototype.call.bind(String.prototype.slice);
    const maxLine = ${limits.outputBytes + 1};
    const maxValue = ${limits.valueBytes};
    const text = (a) => { try { const s = typeof a === 'string' ? a : stringify(a); return typeof s === 'string' ? s : String(s); } catch { return '[unprintable]'; } };
    const fmt = (args) => { let out = ''; for (const a of args) { out += (out ? ' ' : '') + slice(text(a), 0, maxLine); if (out.length > maxLine) break; } return slice(out, 0, maxLine); };
    const log = (...a) => print(fmt(a));
    globalThis.console = { log, error: log, warn: log, info: log, debug: log };
    const run = (fn, argsJson) => {
      if (typeof fn !== 'function') throw new ReferenceError('entry point ${entryPoint} is not defined');
      let value;
      try {
        value = fn(...parse(argsJson));
      } catch (e) {
        // Only a short message leaves the isolate, however large the thrown value.
        let message = 'the program threw';
        try { message = slice((e && typeof e === 'object' && 'name' in e ? e.name + ': ' : '') + (e && typeof e === 'object' && 'message' in e ? e.message : e), 0, 300); } catch {}
        throw new Error(message);
      }
      const json = stringify(value === undefined ? null : value);
      if (typeof json !== 'string') return 'null';
      // One character over the limit is enough for the host to see it is too large.
      return json.length > maxValue ? slice(json, 0, maxValue + 1) : json;
    };
    Object.defineProperty(globalThis, '__sandbox', { value: Object.freeze({ run }), writable: false, configurable: false });
  })();
`;
}

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
