import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readBoundedLines } from '../bounded-lines.js';
import { OutputBuffer } from '../output-buffer.js';
import { notRun, summarize } from '../run-report.js';
import type { SandboxLimits } from '../sandbox-limits.js';
import type { RunReport, RunRequest } from '../sandbox-types.js';
import { SandboxUnavailableError } from '../sandbox-unavailable-error.js';
import { type SupervisorMessage, supervisorMessageSchema } from './supervisor-protocol.js';

/** Whether every language can run; when not, the reason names what is missing. */
export interface SandboxStatus {
  ok: boolean;
  reason?: string;
}

export type SupervisorEvent =
  | { type: 'ready'; pid: number; status: SandboxStatus }
  | {
      type: 'exited';
      code: number | null;
      signal: string | null;
      failedRuns: number;
      stderr: string;
      /** False when `close()` stopped it: no new one follows. */
      restarting: boolean;
    };

interface Pending {
  request: RunRequest;
  resolve: (report: RunReport) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const startTimeoutMs = 20_000;

/**
 * util-linux's setpriv (Essential in Debian and Ubuntu), which sets the parent-death signal
 * (prctl PR_SET_PDEATHSIG) and then runs the supervisor in its place, same pid: the kernel kills
 * the supervisor when the API dies, even while it is still loading its modules and no JavaScript
 * of its own can watch its parent. Elsewhere the supervisor's own check of its parent remains.
 */
function parentDeathSetter(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  for (const path of ['/usr/bin/setpriv', '/bin/setpriv']) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}
const stderrTailBytes = 2_048;

/**
 * The API's side of the supervisor process: starts it, sends it runs, reads
 * its answers under a byte limit, and restarts it (with backoff) when it dies.
 * Runs in flight when it dies end as failed tests; runs that arrive while it
 * restarts wait for it, or get SandboxUnavailableError with a retry hint.
 */
export class SupervisorClient {
  #child: ChildProcess | undefined;
  #ready: Promise<SandboxStatus> | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;
  #restartDelayMs = 250;
  #restartTimer: NodeJS.Timeout | undefined;
  #starting = false;

  constructor(
    private readonly limits: SandboxLimits,
    private readonly onEvent: (event: SupervisorEvent) => void = () => {},
  ) {}

  /** Starts the supervisor if needed and resolves once its confinement probe has answered. */
  ready(): Promise<SandboxStatus> {
    if (this.#closed) return Promise.resolve({ ok: false, reason: 'the code sandbox is shut down' });
    this.#ready ??= this.#start();
    return this.#ready;
  }

  async run(request: RunRequest): Promise<RunReport> {
    let timer: NodeJS.Timeout | undefined;
    const startGivenUp = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new SandboxUnavailableError('the code sandbox is restarting', 2_000)),
        startTimeoutMs,
      );
    });
    try {
      await Promise.race([this.ready(), startGivenUp]);
    } finally {
      clearTimeout(timer);
    }
    const child = this.#child;
    if (this.#closed || !child?.stdin?.writable) {
      throw new SandboxUnavailableError('the code sandbox is restarting', 2_000);
    }
    const id = this.#nextId++;
    return new Promise<RunReport>((resolve, reject) => {
      // A supervisor that does not answer within the run's own limit plus slack is stuck: replace it.
      const timer = setTimeout(() => child.kill('SIGKILL'), this.limits.totalMs + 15_000);
      this.#pending.set(id, { request, resolve, reject, timer });
      this.#setRef();
      child.stdin?.write(`${JSON.stringify({ id, request })}\n`);
    });
  }

  /** Stops the supervisor (and, through bubblewrap, every program it runs). */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restartTimer);
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  #start(): Promise<SandboxStatus> {
    const here = import.meta.url;
    const fromSource = here.endsWith('.ts');
    const entry = fileURLToPath(new URL(`./supervisor-main.${fromSource ? 'ts' : 'js'}`, here));
    const loader = fromSource ? ['--import', pathToFileURL(createRequire(here).resolve('tsx')).href] : [];
    // Its parent's pid too: it leaves when re-parented, even before it could read its parent.
    const args = ['--no-node-snapshot', ...loader, entry, JSON.stringify(this.limits), String(process.pid)];
    const setpriv = parentDeathSetter();
    const child = spawn(
      setpriv ?? process.execPath,
      setpriv ? ['--pdeathsig', 'KILL', process.execPath, ...args] : args,
      {
        // Nothing of the API's environment (its keys) is handed on.
        env: { PATH: '/usr/bin:/bin' },
        stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
      },
    );
    this.#child = child;
    this.#starting = true;
    // It lowers its own priority once started (yield-cpu.ts): a start at nice 10 on a busy
    // machine took 15 s, and runs waiting for it answered 503.
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-stderrTailBytes);
    });
    child.stdin?.on('error', () => {});
    let markReady: (status: SandboxStatus) => void = () => {};
    const ready = new Promise<SandboxStatus>((resolve) => {
      markReady = resolve;
    });
    readBoundedLines(
      child.stdio[3] as Readable,
      { maxLineBytes: this.limits.reportBytes + 64 * 1024, maxTotalBytes: Number.MAX_SAFE_INTEGER },
      (line) => this.#receive(line, markReady),
      () => child.kill('SIGKILL'),
    );
    child.once('exit', (code, signal) => {
      const failedRuns = this.#pending.size;
      for (const [id, pending] of this.#pending) {
        this.#settle(id);
        pending.resolve(stoppedReport(pending.request));
      }
      this.#child = undefined;
      this.#ready = undefined;
      this.#starting = false;
      markReady({ ok: false, reason: `the code sandbox stopped before it was ready: ${firstLine(stderr)}` });
      this.onEvent({ type: 'exited', code, signal, failedRuns, stderr, restarting: !this.#closed });
      if (this.#closed) return;
      this.#restartTimer = setTimeout(() => {
        if (!this.#closed && !this.#child) void this.ready();
      }, this.#restartDelayMs);
      this.#restartTimer.unref();
      this.#restartDelayMs = Math.min(this.#restartDelayMs * 2, 10_000);
    });
    this.#setRef();
    return ready;
  }

  #receive(line: string, markReady: (status: SandboxStatus) => void): void {
    let message: SupervisorMessage;
    try {
      const parsed = supervisorMessageSchema.safeParse(JSON.parse(line));
      if (!parsed.success) return;
      message = parsed.data;
    } catch {
      return;
    }
    if (message.type === 'ready') {
      const status: SandboxStatus = message.python.ok
        ? { ok: true }
        : {
            ok: false,
            reason: `Python code execution is unavailable: ${message.python.reason ?? 'unknown'}`,
          };
      this.#restartDelayMs = 250;
      this.#starting = false;
      markReady(status);
      this.onEvent({ type: 'ready', pid: this.#child?.pid ?? 0, status });
      this.#setRef();
      return;
    }
    const pending = this.#settle(message.id);
    if (!pending) return;
    if (message.type === 'report') pending.resolve(message.report);
    else if (message.kind === 'unavailable') pending.reject(new SandboxUnavailableError(message.message));
    else pending.reject(new Error(`the code sandbox failed: ${message.message}`));
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    if (!pending) return undefined;
    clearTimeout(pending.timer);
    this.#pending.delete(id);
    this.#setRef();
    return pending;
  }

  /** The supervisor keeps the API's process alive only while runs are in flight. */
  #setRef(): void {
    const child = this.#child;
    if (!child) return;
    const busy = this.#starting || this.#pending.size > 0;
    for (const stream of [child.stdin, child.stderr, child.stdio[3]] as Array<Readable | Writable | null>) {
      const socket = stream as unknown as { ref?: () => void; unref?: () => void } | null;
      if (busy) socket?.ref?.();
      else socket?.unref?.();
    }
    if (busy) child.ref();
    else child.unref();
  }
}

function stoppedReport(request: RunRequest): RunReport {
  const reason = 'the code sandbox stopped while running this program';
  return summarize(request, notRun(request, reason), new OutputBuffer(0), performance.now());
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? 'no output').trim().slice(0, 300);
}
