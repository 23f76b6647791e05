import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Judge0StatusId } from './judge0-fake-config.js';
import type { Judge0Submission } from './judge0-fake-validation.js';

/** What a finished run stores: the columns IsolateJob#verify writes. */
export interface Judge0Outcome {
  status_id: Judge0StatusId;
  stdout: Buffer | null;
  stderr: Buffer | null;
  compile_output: Buffer | null;
  message: string | null;
  exit_code: number | null;
  exit_signal: number | null;
  /** Seconds, as decimal strings, the way the real server serialises them. */
  time: string | null;
  wall_time: string | null;
  /** Kilobytes. */
  memory: number | null;
}

export interface ExecutionTools {
  pythonPath: string;
  nodePath: string;
  javacPath: string;
  javaPath: string;
  cxxPath: string;
}

export type FakeRuntime = 'python' | 'node' | 'java' | 'cpp';

export function defaultTools(): ExecutionTools {
  return {
    pythonPath: existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3',
    nodePath: process.execPath,
    javacPath: 'javac',
    javaPath: 'java',
    cxxPath: 'g++',
  };
}

/** Whether this machine has what the fake needs to run a language (Java needs a JDK: Debian's default-jdk-headless; C++ g++). */
export function fakeCanRun(runtime: FakeRuntime, tools: ExecutionTools = defaultTools()): boolean {
  if (runtime === 'java') return spawnSync(tools.javacPath, ['-version'], { stdio: 'ignore' }).status === 0;
  if (runtime === 'cpp') return spawnSync(tools.cxxPath, ['--version'], { stdio: 'ignore' }).status === 0;
  return true;
}

/**
 * For tests of a language the fake may not run here: undefined when it can;
 * otherwise the reason to print when skipping, or a throw under
 * REQUIRE_TEST_SERVERS=1 (CI), where the test must not skip.
 */
export function fakeRuntimeMissing(runtime: FakeRuntime): string | undefined {
  if (fakeCanRun(runtime)) return undefined;
  const reason = `the Judge0 fake cannot run ${runtime} here (${runtime === 'java' ? 'no JDK: install default-jdk-headless' : 'no g++: install g++'})`;
  if (process.env.REQUIRE_TEST_SERVERS === '1')
    throw new Error(`${reason}, but REQUIRE_TEST_SERVERS=1 requires it`);
  return reason;
}

const SIGXCPU = 24;
const SIGKILL = 9;
const signalNumbers: Record<string, number> = {
  SIGSEGV: 11,
  SIGXFSZ: 25,
  SIGFPE: 8,
  SIGABRT: 6,
  SIGKILL,
  SIGXCPU,
  SIGTERM: 15,
  SIGBUS: 7,
  SIGILL: 4,
};

/**
 * Runs a submission the way IsolateJob#run does, with the tools of this
 * machine instead of isolate: the source in a fresh folder, stdin from a file,
 * stdout and stderr to files under RLIMIT_FSIZE (`-f max_file_size`, so a
 * program writing past it dies of SIGXFSZ and its files stop at the limit),
 * RLIMIT_CPU for cpu_time_limit + cpu_extra_time (`-t`, `-x`), a wall-clock
 * kill at wall_time_limit (`-w`), and RLIMIT_AS for Python. isolate limits
 * memory through a cgroup instead, which V8's address-space reservation
 * survives; here Node gets `--max-old-space-size` as the nearest equivalent.
 * The status follows IsolateJob#determine_status.
 */
export async function executeSubmission(
  submission: Judge0Submission,
  run: FakeRuntime,
  tools: ExecutionTools,
  compileWallSeconds = 20,
): Promise<Judge0Outcome> {
  const dir = await mkdtemp(join(tmpdir(), 'judge0-fake-'));
  try {
    const script = { python: 'script.py', node: 'script.js', java: 'Main.java', cpp: 'main.cpp' }[run];
    await writeFile(join(dir, script), submission.source_code ?? '');
    await writeFile(join(dir, 'stdin.txt'), submission.stdin ?? '');
    const memoryMb = Math.max(1, Math.floor(submission.memory_limit / 1024));
    if (run === 'java' || run === 'cpp') {
      const compiler =
        run === 'java'
          ? `"${tools.javacPath}" -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC -encoding UTF-8 Main.java`
          : `"${tools.cxxPath}" main.cpp`;
      const failed = await compile(dir, compiler, compileWallSeconds);
      if (failed) return failed;
    }
    const command = {
      python: `ulimit -v ${submission.memory_limit}; exec "${tools.pythonPath}" ${script}`,
      node: `exec "${tools.nodePath}" --max-old-space-size=${memoryMb} ${script}`,
      // A quick-starting JVM: these are short programs.
      java: `exec "${tools.javaPath}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx${memoryMb}m Main`,
      cpp: `ulimit -v ${submission.memory_limit}; exec ./a.out`,
    }[run];
    const cpuSeconds = Math.ceil(submission.cpu_time_limit + submission.cpu_extra_time);
    // bash's `ulimit -f` counts 1024-byte blocks: max_file_size is in kilobytes.
    // A soft CPU limit signals SIGXCPU first; the hard one a second later kills what ignores it.
    const shell = `ulimit -S -t ${cpuSeconds}; ulimit -H -t ${cpuSeconds + 1}; ulimit -f ${submission.max_file_size}; ulimit -s ${submission.stack_limit}; ${command} < stdin.txt > stdout.txt 2>${submission.redirect_stderr_to_stdout ? '&1' : 'stderr.txt'}`;
    const started = performance.now();
    const exit = await runShell(dir, shell, submission.wall_time_limit);
    const wallKilled = exit.timedOut;
    const wallSeconds = (performance.now() - started) / 1000;
    const limit = submission.max_file_size * 1024;
    const stdout = await readCapped(join(dir, 'stdout.txt'), limit);
    const stderr = await readCapped(join(dir, 'stderr.txt'), limit);
    const exitSignal = exit.signal ? (signalNumbers[exit.signal] ?? 12) : null;

    let status: Judge0StatusId;
    let message: string | null = null;
    if (wallKilled) {
      status = 5;
      message = 'Time limit exceeded (wall clock)';
    } else if (exitSignal === SIGXCPU) {
      status = 5;
      message = 'Time limit exceeded';
    } else if (exitSignal !== null) {
      // Status.find_runtime_error_by_status_code
      status = ({ 11: 7, 25: 8, 8: 9, 6: 10 } as Record<number, Judge0StatusId>)[exitSignal] ?? 12;
      message = `Caught fatal signal ${exitSignal}`;
    } else if (exit.code !== 0) {
      status = 11;
      message = `Exited with error status ${exit.code}`;
    } else if (
      submission.expected_output === null ||
      strip(submission.expected_output) === strip(stdout?.toString('utf8') ?? '')
    ) {
      status = 3;
    } else {
      status = 4;
    }
    return {
      status_id: status,
      stdout,
      stderr,
      compile_output: null,
      message,
      exit_code: exit.code ?? 0,
      exit_signal: exitSignal,
      time: wallSeconds.toFixed(3),
      wall_time: wallSeconds.toFixed(3),
      memory: null,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * IsolateJob#compile: the compiler under the server's maximum limits, its
 * stdout and stderr together as compile_output; a failure is status 6
 * ("Compilation time limit exceeded." when it ran out of time). Undefined when
 * it compiled.
 */
async function compile(
  dir: string,
  compiler: string,
  wallSeconds: number,
): Promise<Judge0Outcome | undefined> {
  const { code, timedOut } = await runShell(dir, `exec ${compiler} > compile_output.txt 2>&1`, wallSeconds);
  if (code === 0 && !timedOut) return undefined;
  const output = timedOut
    ? Buffer.from('Compilation time limit exceeded.')
    : await readCapped(join(dir, 'compile_output.txt'), 64 * 1024);
  return { ...internalError(''), status_id: 6, message: null, compile_output: output };
}

/** A bash command line in its own process group, killed whole at the wall-clock limit. */
async function runShell(
  dir: string,
  shell: string,
  wallSeconds: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }> {
  const child = spawn('/bin/bash', ['-c', shell], {
    cwd: dir,
    detached: true,
    stdio: 'ignore',
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' },
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, wallSeconds * 1000);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', () => resolve({ code: 127, signal: null }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  killGroup(child.pid);
  return { ...exit, timedOut };
}

function killGroup(pid: number | undefined): void {
  try {
    if (pid) process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** The file is bounded by RLIMIT_FSIZE already; the cap keeps a fault in the fake from reading more. */
async function readCapped(path: string, limit: number): Promise<Buffer | null> {
  if (!existsSync(path)) return null;
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    const { bytesRead } = await handle.read(buffer, 0, limit, 0);
    return bytesRead === 0 ? null : buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

// IsolateJob#strip: trailing spaces of each line and trailing newlines do not count.
function strip(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();
}

/** A run that failed inside the server, as IsolateJob's rescue records it. */
export function internalError(message: string): Judge0Outcome {
  return {
    status_id: 13,
    stdout: null,
    stderr: null,
    compile_output: null,
    message,
    exit_code: null,
    exit_signal: null,
    time: null,
    wall_time: null,
    memory: null,
  };
}
