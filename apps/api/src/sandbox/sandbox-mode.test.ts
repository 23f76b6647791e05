import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type MainProcess, startMain } from '../test-main-process.js';

// The service as `pnpm start` runs it, where confinement cannot start: it must say so and refuse,
// never run the code with less isolation.
const running: MainProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.cleanup()));
});

// A bwrap that behaves as bubblewrap does on a kernel without unprivileged user namespaces.
const fakeDir = mkdtempSync(`${tmpdir()}/fake-bwrap-`);
chmodSync(fakeDir, 0o755);
const noUserNamespaces = `${fakeDir}/bwrap`;
writeFileSync(
  noUserNamespaces,
  '#!/bin/sh\necho "bwrap: No permissions to create new namespace, likely because the kernel does not allow non-privileged user namespaces." >&2\nexit 1\n',
  { mode: 0o755 },
);
afterAll(() => rmSync(fakeDir, { recursive: true, force: true }));

const codeBody = (language: string, code: string) =>
  JSON.stringify({
    question: { id: 'q', prompt: 'Add one.', entryPoint: 'f', tests: [{ args: [1], expected: 2 }] },
    language,
    code,
  });

async function start(env: Record<string, string>) {
  const api = startMain({ PORT: '0', ...env });
  running.push(api);
  const base = `http://127.0.0.1:${await api.listening(90_000)}`;
  const post = (language: string, code: string) =>
    fetch(`${base}/v1/evaluate-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: codeBody(language, code),
    });
  return { api, base, post };
}

async function waitFor(check: () => boolean, what: string) {
  for (let i = 0; i < 240 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 250));
  if (!check()) throw new Error(`never saw ${what}`);
}

describe('SANDBOX_MODE=confined where confinement cannot start', () => {
  it.each([
    ['bubblewrap is missing', '/nonexistent/bwrap', 'bubblewrap is not installed at /nonexistent/bwrap'],
    ['user namespaces are off', noUserNamespaces, 'No permissions to create new namespace'],
  ])(
    '%s: the log, /readyz and a 503 say why, and Python is not run',
    async (_name, bwrap, reason) => {
      const { api, base, post } = await start({ SANDBOX_BWRAP: bwrap });
      await waitFor(() => api.stdout().includes('code execution unavailable'), 'the start-up log line');
      expect(api.stdout()).toContain(reason);

      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      const checks = (
        (await ready.json()) as { checks: Array<{ name: string; ok: boolean; reason?: string }> }
      ).checks;
      const sandbox = checks.find((c) => c.name === 'sandbox');
      expect(sandbox?.ok).toBe(false);
      expect(sandbox?.reason).toContain('code execution unavailable');
      expect(sandbox?.reason).toContain(reason);

      const python = await post('python', 'def f(x):\n    return x + 1\n');
      expect(python.status).toBe(503);
      const error = ((await python.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('sandbox_unavailable');
      expect(error.message).toContain(reason);

      // JavaScript needs no bubblewrap: its isolates run in the supervisor as before.
      const js = await post('javascript', 'function f(x) { return x + 1; }');
      expect(js.status).toBe(200);
      expect(((await js.json()) as { tests: { passed: number } }).tests.passed).toBe(1);
    },
    120_000,
  );
});

describe('SANDBOX_MODE=none', () => {
  it('never runs code: answers are judged by reading, and the log says so', async () => {
    const { api, base, post } = await start({ SANDBOX_MODE: 'none' });
    expect(api.stdout()).toContain('code execution off');
    const response = await post('python', 'def f(x):\n    return x + 1\n');
    expect(response.status).toBe(200);
    expect((await response.json()) as object).not.toHaveProperty('tests');
    const ready = (await (await fetch(`${base}/readyz`)).json()) as { checks: Array<{ name: string }> };
    expect(ready.checks.map((c) => c.name)).toEqual(['settings']);
  }, 120_000);
});
