import { createWriteStream } from 'node:fs';
import { readBoundedLines } from '../bounded-lines.js';
import { probeConfinement } from '../confinement/confinement-probe.js';
import { loadIsolates } from '../javascript-runner.js';
import { createLocalRunner } from '../local-sandbox.js';
import { sandboxLimitsSchema } from '../sandbox-limits.js';
import { SandboxUnavailableError } from '../sandbox-unavailable-error.js';
import { toIsolateScript } from '../strip-types.js';
import { maxRequestLineBytes, runMessageSchema, type SupervisorMessage } from './supervisor-protocol.js';
import { yieldCpu } from './yield-cpu.js';

/**
 * The supervisor: a child of the API that runs every execution (isolates here,
 * Python under bubblewrap), so nothing a program does can throw, block or
 * allocate in the API's process. Limits come as JSON in argv[2] and the API's
 * pid in argv[3]; runs arrive as lines on stdin; answers leave as lines on
 * fd 3. When the API goes away (stdin ends, or this process is re-parented)
 * it exits, and bubblewrap takes every running program with it.
 */
async function main(): Promise<void> {
  leaveWithTheParent();
  const limits = sandboxLimitsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const channel = createWriteStream('', { fd: 3 });
  // Nobody left to answer to (the API's end of fd 3 is closed): leave.
  channel.on('error', () => process.exit(0));
  const send = (message: SupervisorMessage) => channel.write(`${JSON.stringify(message)}\n`);
  const python = await probeConfinement(limits);
  const run = createLocalRunner(limits, python);
  // What every JavaScript or TypeScript run needs is loaded before the first one, whose time
  // limit would otherwise pay for it: isolated-vm at the service's priority, then, lowered,
  // esbuild's service (a child process, which takes the priority it starts with).
  await loadIsolates();
  // Started at the service's priority; candidates' code runs lowered.
  yieldCpu();
  await toIsolateScript('', 'typescript');
  send({ type: 'ready', python: python.ok ? { ok: true } : { ok: false, reason: python.reason } });

  readBoundedLines(
    process.stdin,
    { maxLineBytes: maxRequestLineBytes, maxTotalBytes: Number.MAX_SAFE_INTEGER },
    (line) => {
      let parsed: ReturnType<typeof runMessageSchema.safeParse>;
      try {
        parsed = runMessageSchema.safeParse(JSON.parse(line));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const { id, request } = parsed.data;
      run(request).then(
        (report) => send({ type: 'report', id, report }),
        (error: unknown) =>
          send({
            type: 'error',
            id,
            kind: error instanceof SandboxUnavailableError ? 'unavailable' : 'internal',
            message: (error instanceof Error ? error.message : String(error)).slice(0, 1_000),
          }),
      );
    },
    () => process.exit(70),
  );
  process.stdin.on('end', () => process.exit(0));
}

/**
 * stdin's end is only seen once it is read, which starts after the probe; an
 * API killed before that (or a cluster primary killed with its workers) would
 * leave the supervisor behind. Re-parenting is the one signal that always comes.
 * The API names itself in argv[3]: one killed while this process still loaded
 * its modules was gone before `process.ppid` could be read, and a parent taken
 * from there would be whoever adopted the orphan.
 */
function leaveWithTheParent(): void {
  const named = Number(process.argv[3]);
  const parent = Number.isSafeInteger(named) && named > 0 ? named : process.ppid;
  const check = () => {
    if (process.ppid !== parent) process.exit(0);
  };
  check();
  setInterval(check, 500).unref();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `sandbox supervisor failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(70);
});
