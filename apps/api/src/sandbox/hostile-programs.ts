/**
 * Programs written as an attacker would, each a `solve(x)` answer to
 * /v1/evaluate-code. Every one must end as failed tests; what it managed to
 * read comes back as the returned value, where the suite looks for secrets.
 */
export type HostileLanguage = 'python' | 'javascript' | 'typescript';

export interface HostileProgram {
  name: string;
  language: HostileLanguage;
  code: string;
  /** Test cases to run it with (each expects a value no program returns). */
  tests?: number;
  /** Checks on the tests' returned values, beyond "failed, no secret". */
  returned?: (actual: unknown[]) => void;
}

export interface Target {
  /** The service's `.env.local`, its source entry file and its port. */
  envFile: string;
  sourceFile: string;
  port: number;
}

export const unreachable = '__no_program_returns_this__';

const py = (body: string, prelude = '') =>
  `${prelude}\ndef solve(x):\n${body
    .trim()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;

// Empties the audit hook's deny list through gc (the hook is Python data), so what
// follows meets only the OS confinement.
const unhook = `import gc
def unhook():
    for o in gc.get_objects():
        if isinstance(o, set) and "ctypes.dlopen" in o:
            o.clear()
`;

/** A solve body run with the hook off and libc at hand as `libc`, results in `out`. */
const withLibc = (body: string) =>
  py(
    `unhook()\nimport ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\nout = {}\n${body.trim()}`,
    unhook,
  );

const readAll = (paths: string) => `
out = {}
for p in ${paths}:
    try:
        with open(p, "rb") as f:
            out[p] = f.read(4096).decode("latin-1")
    except BaseException as e:
        out[p] = "refused: " + type(e).__name__
return out`;

export function hostilePrograms(target: Target): HostileProgram[] {
  const files = JSON.stringify([target.envFile, target.sourceFile, '/etc/shadow', '/etc/passwd']);
  return [
    // Unbounded writes to every descriptor.
    {
      name: 'an endless line on the result descriptor',
      language: 'python',
      code: py('import os\nwhile True:\n    os.write(3, b"x" * 65536)'),
    },
    {
      name: 'endless short lines on the result descriptor',
      language: 'python',
      code: py('import os\nwhile True:\n    os.write(3, b"{}\\n" * 20000)'),
    },
    {
      name: 'an endless stdout',
      language: 'python',
      code: py('import os\nwhile True:\n    os.write(1, b"y" * 65536)'),
    },
    {
      name: 'an endless stderr',
      language: 'python',
      code: py('import os\nwhile True:\n    os.write(2, b"z" * 65536)'),
    },
    {
      name: 'writes to fd 4 to 63 and /dev/tty',
      language: 'python',
      code: py(`import os
out = {}
for fd in range(4, 64):
    try:
        os.write(fd, b"w" * 65536)
        out[fd] = "written"
    except OSError as e:
        out[fd] = e.errno
try:
    with open("/dev/tty", "wb") as t:
        t.write(b"tty" * 100000)
    out["tty"] = "written"
except OSError as e:
    out["tty"] = e.errno
return out`),
      returned: ([value]) => {
        if (JSON.stringify(value).includes('written'))
          throw new Error(`a descriptor took the writes: ${JSON.stringify(value)}`);
      },
    },
    {
      name: 'filling /dev/shm, /dev and the work folder with files through ctypes, hook off',
      language: 'python',
      // Small files, each under the file-size rlimit: only each folder's own limit can stop them.
      code: withLibc(`
chunk = b"f" * 4000
for folder in ("/dev/shm", "/dev", "/work", "/"):
    written = 0
    for i in range(10000):
        fd = libc.open(f"{folder}/fill{i}".encode(), 0o101, 0o644)
        if fd < 0:
            break
        n = libc.write(fd, chunk, len(chunk))
        libc.close(fd)
        if n <= 0:
            break
        written += n
    out[folder] = written
return out`),
      returned: ([value]) => {
        const v = value as Record<string, number>;
        // Nothing outside the work folder, and the work folder only up to its size.
        if (v['/dev/shm'] !== 0 || v['/dev'] !== 0 || v['/'] !== 0 || !((v['/work'] ?? 0) <= 1024 * 1024)) {
          throw new Error(`files were written: ${JSON.stringify(v)}`);
        }
      },
    },
    // Other processes' environment and memory.
    {
      name: "reading every process's environ and mem",
      language: 'python',
      code: py(`import os
out = {}
for pid in ["self", str(os.getppid()), "1"] + [p for p in os.listdir("/proc") if p.isdigit()]:
    for part in ("environ", "cmdline", "mem"):
        try:
            with open(f"/proc/{pid}/{part}", "rb") as f:
                out[f"{pid}/{part}"] = f.read(4096).decode("latin-1")
        except BaseException as e:
            out[f"{pid}/{part}"] = "refused: " + type(e).__name__
out["pids"] = os.listdir("/proc")
return out`),
    },
    {
      name: 'process_vm_readv and ptrace through ctypes, hook switched off',
      language: 'python',
      code: withLibc(`
buf = ctypes.create_string_buffer(4096)
class iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
local = iovec(ctypes.cast(buf, ctypes.c_void_p), 4096)
remote = iovec(0x400000, 4096)
out["vm_readv"] = [libc.process_vm_readv(1, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0), ctypes.get_errno()]
out["ptrace"] = [libc.ptrace(16, 1, 0, 0), ctypes.get_errno()]
return out`),
      returned: ([value]) => {
        const v = value as { vm_readv?: number[]; ptrace?: number[] };
        if (v.vm_readv?.[0] !== -1 || v.ptrace?.[0] !== -1)
          throw new Error(`a call went through: ${JSON.stringify(v)}`);
      },
    },
    // Files outside the work folder.
    {
      name: "reading the service's .env.local, its source, /etc/shadow and /etc/passwd",
      language: 'python',
      code: py(readAll(files)),
    },
    {
      name: 'the same files through ctypes with the hook off',
      language: 'python',
      code: withLibc(`
for p in ${files}:
    fd = libc.open(p.encode(), 0)
    if fd < 0:
        out[p] = "refused: errno " + str(ctypes.get_errno())
        continue
    buf = ctypes.create_string_buffer(4096)
    n = libc.read(fd, buf, 4096)
    out[p] = buf.raw[:max(n, 0)].decode("latin-1")
return out`),
    },
    // In-language guards off, then the OS must hold.
    {
      name: 'sockets and files through ctypes with the hook off',
      language: 'python',
      code: withLibc(`
out["socket"] = [libc.socket(2, 1, 0), ctypes.get_errno()]
out["unix"] = [libc.socket(1, 1, 0), ctypes.get_errno()]
out["create"] = [libc.open(b"/escaped-by-sandbox", 0o101, 0o644), ctypes.get_errno()]
out["fork"] = [libc.fork(), ctypes.get_errno()]
return out`),
      returned: ([value]) => {
        const v = value as Record<string, number[]>;
        for (const call of ['socket', 'unix', 'create', 'fork']) {
          if (v[call]?.[0] !== -1) throw new Error(`${call} went through: ${JSON.stringify(v)}`);
        }
      },
    },
    // The parent: signals and its port.
    {
      name: 'signalling the parent and everything else, hook off',
      language: 'python',
      code: py(
        `unhook()
import os, signal
for target in (os.getppid(), 1, -1):
    try:
        os.kill(target, signal.SIGKILL)
    except OSError:
        pass
return "still here"`,
        unhook,
      ),
    },
    {
      name: "connecting to the API's port, hook off",
      language: 'python',
      code: py(
        `unhook()
import socket
s = socket.create_connection(("127.0.0.1", ${target.port}), timeout=1)
s.sendall(b"GET /healthz HTTP/1.0\\r\\n\\r\\n")
return s.recv(4096).decode()`,
        unhook,
      ),
    },
    // Sizes.
    {
      name: 'a 30 MB return value from 5 tests',
      language: 'python',
      tests: 5,
      code: py('return "r" * (30 * 1024 * 1024)'),
    },
    { name: 'a 100 MB print', language: 'python', code: py('print("p" * (100 * 1024 * 1024))\nreturn 1') },
    {
      name: 'a fork bomb, hook off',
      language: 'python',
      code: py('unhook()\nimport os\nwhile True:\n    os.fork()', unhook),
    },
    {
      name: 'a memory bomb',
      language: 'python',
      code: py('a = []\nwhile True:\n    a.append(bytearray(64 * 1024 * 1024))'),
    },
    {
      name: 'a 30 MB return value from 5 tests',
      language: 'javascript',
      tests: 5,
      code: "function solve(x) { return 'r'.repeat(30 * 1024 * 1024); }",
    },
    {
      name: 'a 100 MB console.log',
      language: 'javascript',
      code: "function solve(x) { console.log('p'.repeat(100 * 1024 * 1024)); return 1; }",
    },
    {
      name: 'a replaced JSON.stringify returning a huge string',
      language: 'javascript',
      code: "JSON.stringify = () => 's'.repeat(50 * 1024 * 1024);\nfunction solve(x) { return [x]; }",
    },
    {
      name: 'a thrown 50 MB message',
      language: 'typescript',
      code: "function solve(x: number): number { throw new Error('e'.repeat(50 * 1024 * 1024)); }",
    },
    {
      name: 'the host through require, process and fetch',
      language: 'typescript',
      code: `async function solve(x: number): Promise<string> {
  const g = globalThis as any;
  return JSON.stringify([typeof g.process, typeof g.require, typeof g.fetch, Object.keys(g)]);
}`,
    },
    {
      name: 'a memory bomb',
      language: 'typescript',
      code: 'function solve(x: number) { const a: string[] = []; for (;;) a.push("m".repeat(1 << 20) + a.length); }',
    },
    { name: 'an endless loop', language: 'javascript', code: 'function solve(x) { for (;;) {} }' },
  ];
}
