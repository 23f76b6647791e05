import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from './sandbox.js';
import type { SandboxLanguage } from './sandbox-types.js';

// A secret the host process holds; no sandboxed program may see it.
const secret = 'sk-host-secret-7f3a9c';
process.env.SANDBOX_HOSTILE_TEST_SECRET = secret;

const limits = { perTestMs: 500, totalMs: 3_000, memoryMb: 64, outputBytes: 4_096, maxConcurrent: 2 };
const sandbox = createSandbox(limits);
const tests = [{ args: [1], expected: 1 }];

type Program = { name: string; code: Record<SandboxLanguage, string>; status: 'error' | 'timeout' | 'any' };

const js = (body: string) => `function solve(x) {\n${body}\n}`;
const py = (body: string) =>
  `def solve(x):\n${body
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;

const programs: Program[] = [
  {
    name: 'an infinite loop',
    status: 'timeout',
    code: {
      javascript: js('while (true) {}'),
      typescript: js('let n: number = 0; while (true) { n++; }'),
      python: py('while True:\n    pass'),
    },
  },
  {
    name: 'a fork bomb',
    status: 'any',
    code: {
      javascript: js("const cp = require('child_process'); while (true) cp.fork(__filename);"),
      typescript: js("const { spawn } = require('node:child_process') as any; while (true) spawn('sh');"),
      python: py('import os\nwhile True:\n    os.fork()'),
    },
  },
  {
    name: 'allocating 10 GB',
    status: 'any',
    code: {
      javascript: js(
        'const chunks = []; for (let i = 0; i < 10240; i++) chunks.push(new Array(1024 * 1024 / 8).fill(i)); return chunks.length;',
      ),
      typescript: js(
        'const b: ArrayBuffer[] = []; for (let i = 0; i < 10; i++) b.push(new ArrayBuffer(1024 ** 3)); return b.length;',
      ),
      python: py('data = bytearray(10 * 1024 ** 3)\nreturn len(data)'),
    },
  },
  {
    name: 'printing 1 GB',
    status: 'any',
    code: {
      javascript: js(
        "const line = 'x'.repeat(1 << 20); for (let i = 0; i < 1024; i++) console.log(line); return 1;",
      ),
      typescript: js(
        "const line: string = 'y'.repeat(1 << 20); for (let i = 0; i < 1024; i++) console.log(line); return 1;",
      ),
      python: py(
        "import sys\nline = 'x' * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.write(line)\nreturn 1",
      ),
    },
  },
  {
    name: 'reading the environment',
    status: 'any',
    code: {
      javascript: js('return JSON.stringify(process.env);'),
      typescript: js('return JSON.stringify((globalThis as any).process?.env ?? Object.keys(globalThis));'),
      python: py('import os\nprint(dict(os.environ))\nreturn str(dict(os.environ))'),
    },
  },
  {
    name: 'opening a socket',
    status: 'error',
    code: {
      javascript: js("const net = require('net'); net.connect(80, '127.0.0.1'); return 1;"),
      typescript: js("await fetch('http://127.0.0.1:9/'); return 1;").replace('function', 'async function'),
      python: py("import socket\ns = socket.create_connection(('127.0.0.1', 80), timeout=1)\nreturn 1"),
    },
  },
  {
    name: 'writing outside the temp folder',
    status: 'error',
    code: {
      javascript: js("require('fs').writeFileSync('/tmp/escaped.txt', 'x'); return 1;"),
      typescript: js("const fs = require('fs'); fs.writeFileSync('/etc/escaped', 'x'); return 1;"),
      python: py("open('/tmp/sandbox-escaped.txt', 'w').write('x')\nreturn 1"),
    },
  },
  {
    name: 'importing a module that does not exist',
    status: 'error',
    code: {
      javascript: "import missing from 'no-such-module';\nfunction solve(x) { return missing(x); }",
      typescript:
        "import { thing } from 'no-such-module';\nexport function solve(x: number): number { return thing(x); }",
      python: 'import no_such_module\n\ndef solve(x):\n    return x\n',
    },
  },
  {
    name: 'a syntax error',
    status: 'error',
    code: {
      javascript: 'function solve(x) { return x +; }',
      typescript: 'function solve(x: number): number { return x +; }',
      python: 'def solve(x)\n    return x\n',
    },
  },
];

let server: Server;
let healthUrl: string;
const healthTimes: number[] = [];
let probe: NodeJS.Timeout;

beforeAll(async () => {
  // The supervisor's start is not part of any run's time.
  await sandbox.ready?.();
  // Stands in for the service process: it must keep answering while code runs.
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  healthUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
  probe = setInterval(async () => {
    const started = performance.now();
    await fetch(healthUrl).then((r) => r.text());
    healthTimes.push(performance.now() - started);
  }, 50);
});

afterAll(async () => {
  clearInterval(probe);
  await sandbox.close?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe.each(['javascript', 'typescript', 'python'] as const)('hostile %s programs', (language) => {
  it.each(programs)('$name ends as a failed test within its limits', async (program) => {
    const started = performance.now();
    const report = await sandbox.run({ language, code: program.code[language], entryPoint: 'solve', tests });
    const elapsed = performance.now() - started;
    const [result] = report.results;
    expect(report.passed).toBe(0);
    expect(result?.ok).toBe(false);
    if (program.status !== 'any') expect(result?.status).toBe(program.status);
    else expect(['error', 'timeout', 'fail']).toContain(result?.status);
    // Within the request's total limit, plus process start and teardown.
    expect(elapsed).toBeLessThan(limits.totalMs + 2_000);
    expect(report.output.length).toBeLessThanOrEqual(limits.outputBytes);
    expect(JSON.stringify(report)).not.toContain(secret);
  });
});

describe('while hostile programs run', () => {
  it('the host keeps answering its health check in under 100 ms', () => {
    expect(healthTimes.length).toBeGreaterThan(10);
    // Other test files share the two cores, so one scheduling hiccup is
    // tolerated; the answers themselves must stay under 100 ms.
    const sorted = [...healthTimes].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? Number.POSITIVE_INFINITY;
    expect(p95).toBeLessThan(100);
    expect(sorted.at(-1)).toBeLessThan(500);
  });
});
