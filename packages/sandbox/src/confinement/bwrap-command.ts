import type { InterpreterLayout } from './interpreter-layout.js';

/** The descriptor bwrap reads the seccomp program from; the program's result channel is 3. */
export const seccompFd = 4;

export interface ConfinedCommand {
  layout: InterpreterLayout;
  /** The uid and gid the program has inside (and, when the service is root, outside too). */
  uid: number;
  /** Size of the private writable folder. */
  workBytes: number;
  /** Arguments after the interpreter. */
  args: string[];
}

/**
 * bubblewrap's arguments (bwrap(1)) for one run: every namespace new (user,
 * PID, mount, network, IPC, UTS, cgroup) with no further user namespaces
 * inside; a root of nothing but the interpreter and its libraries, read-only;
 * a read-only minimal /dev; a private size-limited tmpfs as the work folder; a /proc of its own PID namespace; a new
 * session (no terminal to inject into); an empty environment; the seccomp
 * program from fd 4; killed with its parent.
 */
export function bwrapArgs(command: ConfinedCommand): string[] {
  const { layout } = command;
  const binds = layout.binds.flatMap((path) => ['--ro-bind', path, path]);
  const loader =
    layout.loader &&
    !layout.binds.some((b) => layout.loader?.path === b || layout.loader?.path.startsWith(`${b}/`))
      ? ['--ro-bind', layout.loader.target, layout.loader.path]
      : [];
  return [
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
    '--uid',
    String(command.uid),
    '--gid',
    String(command.uid),
    '--hostname',
    'sandbox',
    ...binds,
    ...loader,
    '--size',
    String(command.workBytes),
    '--perms',
    '0700',
    '--tmpfs',
    '/work',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    // bwrap's /dev is a tmpfs with no size limit: read-only, or /dev/shm would be unbounded memory.
    '--remount-ro',
    '/dev',
    '--chdir',
    '/work',
    '--remount-ro',
    '/',
    '--seccomp',
    String(seccompFd),
    '--',
    layout.executable,
    ...command.args,
  ];
}

const firstUid = 100_000;
const uidSpan = 50_000;
let nextUid = 0;

/**
 * A uid for the next run, distinct from every run still going (the pool is far
 * larger than the number of runs at once). When the service is root, bwrap is
 * started as this uid, so on the host too each run is its own unprivileged user.
 */
export function allocateRunUid(): number {
  const uid = firstUid + nextUid;
  nextUid = (nextUid + 1) % uidSpan;
  return uid;
}
