import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxLimitsSchema } from '../sandbox-limits.js';
import { bwrapArgs, seccompFd } from './bwrap-command.js';
import { probeConfinement } from './confinement-probe.js';
import { type InterpreterLayout, probeInterpreterLayout } from './interpreter-layout.js';
import { deniedCalls, seccompFilter } from './seccomp-filter.js';

describe('seccompFilter', () => {
  it('is a whole number of sock_filter entries for both architectures, and refuses others', () => {
    for (const arch of ['x64', 'arm64']) {
      const bytes = seccompFilter(arch);
      expect(bytes.length % 8).toBe(0);
      // Every denied call is one compare and one return; plus the arch check, clone and allow.
      expect(bytes.length / 8).toBeGreaterThan(deniedCalls.length * 2);
    }
    expect(() => seccompFilter('ia32')).toThrow(/ia32/);
  });
});

// Calls each denied syscall by number through ctypes, from a program confined exactly as a run is.
const syscallProbe = (numbers: Record<string, number>) => `
import ctypes, json, os
libc = ctypes.CDLL(None, use_errno=True)
out = {}
for name, nr in ${JSON.stringify(numbers)}.items():
    r = libc.syscall(nr, 0, 0, 0, 0, 0, 0)
    out[name] = ctypes.get_errno() if r == -1 else "allowed"
out["getpid"] = libc.syscall(39 if os.uname().machine == "x86_64" else 172)
os.write(1, json.dumps(out).encode())
`;

const x64Numbers: Record<string, number> = {
  ptrace: 101,
  process_vm_readv: 310,
  process_vm_writev: 311,
  mount: 165,
  keyctl: 250,
  bpf: 321,
  perf_event_open: 298,
  socket: 41,
  unshare: 272,
};

let layout: InterpreterLayout | undefined;
let skipReason: string | undefined;

beforeAll(async () => {
  const limits = sandboxLimitsSchema.parse({});
  const status = await probeConfinement(limits);
  if (!status.ok) skipReason = status.reason;
  else if (process.arch !== 'x64') skipReason = 'the syscall numbers below are x86_64 ones';
  else layout = await probeInterpreterLayout(limits.pythonPath);
  if (skipReason) {
    if (process.env.REQUIRE_TEST_SERVERS === '1')
      throw new Error(`${skipReason}, but REQUIRE_TEST_SERVERS=1 requires it`);
    console.warn(`skipping the confined seccomp check: ${skipReason}`);
  }
});

describe('a program under bubblewrap with the filter', () => {
  it('gets EPERM from ptrace, process_vm_readv/writev, mount, keyctl, bpf, perf_event_open, socket, unshare', async (ctx) => {
    if (!layout) return ctx.skip();
    const args = bwrapArgs({
      layout,
      uid: 123_456,
      workBytes: 1 << 20,
      args: ['-I', '-S', '-c', syscallProbe(x64Numbers)],
    });
    const child = spawn('/usr/bin/bwrap', args, {
      env: {},
      stdio: ['ignore', 'pipe', 'pipe', 'ignore', 'pipe'],
    });
    (child.stdio[seccompFd] as Writable).end(seccompFilter());
    let out = '';
    let err = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
    });
    await new Promise((resolve) => child.on('close', resolve));
    expect(err).toBe('');
    const result = JSON.parse(out) as Record<string, number | string>;
    for (const name of Object.keys(x64Numbers)) expect([name, result[name]]).toEqual([name, 1]);
    // Everything else still works: pid 2 in its own PID namespace (bwrap is 1).
    expect(result.getpid).toBe(2);
  });
});
