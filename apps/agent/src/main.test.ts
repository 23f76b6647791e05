import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort } from '@bot-backend/testkit';
import { afterEach, describe, expect, it } from 'vitest';

const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the real entry point from an empty directory (no .env) with only `env`. */
function runMain(
  env: Record<string, string>,
  args: string[] = ['--check'],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cwd = mkdtempSync(`${tmpdir()}/agent-main-`);
  dirs.push(cwd);
  const child = spawn(
    process.execPath,
    ['--conditions=@bot-backend/source', '--import', tsxLoader, mainPath, ...args],
    {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so the job processes LiveKit forks are ended with it.
      detached: true,
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  // 'exit', not 'close': a forked job process may hold the pipes a little longer.
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      killGroup(child.pid);
      setTimeout(() => resolve({ code, stdout, stderr }), 50);
    }),
  );
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const apiSecret = 'livekit-secret-never-printed-0123456789';

describe('agent main', () => {
  it('exits 1 naming every missing LiveKit setting', async () => {
    const { code, stdout, stderr } = await runMain({});
    expect(code).toBe(1);
    expect(stderr).toContain('- LIVEKIT_URL: is required');
    expect(stderr).toContain('- LIVEKIT_API_KEY: is required');
    expect(stderr).toContain('- LIVEKIT_API_SECRET: is required');
    expect(stdout).not.toContain('agent configured');
  });

  it('names only what is missing or malformed, with the other problems, never a value', async () => {
    const { code, stderr } = await runMain({
      LIVEKIT_URL: 'livekit.example.com',
      LIVEKIT_API_SECRET: apiSecret,
      TTS_PROVIDER: 'cartesia',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('- LIVEKIT_URL:');
    expect(stderr).toContain('- LIVEKIT_API_KEY: is required');
    expect(stderr).toContain('- CARTESIA_API_KEY: is required by TTS_PROVIDER=cartesia');
    expect(stderr).not.toContain('LIVEKIT_API_SECRET');
    expect(stderr).not.toContain(apiSecret);
  });

  it('with LiveKit settings, builds its providers and reports them without secrets', async () => {
    const { code, stdout, stderr } = await runMain({
      LIVEKIT_URL: 'wss://rooms.example.com',
      LIVEKIT_API_KEY: 'APIkey123',
      LIVEKIT_API_SECRET: apiSecret,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const line = stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'agent configured');
    expect(line).toMatchObject({
      service: 'agent',
      livekitHost: 'rooms.example.com',
      providers: { llm: 'none', stt: 'none', tts: 'none', avatar: 'none', moderator: 'none' },
    });
    expect(stdout).not.toContain(apiSecret);
  });

  it('with only a Groq key, infers groq for the LLM and STT and logs it at start', async () => {
    const { code, stdout } = await runMain({
      LIVEKIT_URL: 'wss://rooms.example.com',
      LIVEKIT_API_KEY: 'APIkey123',
      LIVEKIT_API_SECRET: apiSecret,
      GROQ_API_KEY: 'gsk-agent-only',
    });
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines.find((l) => l.setting === 'LLM_PROVIDER')).toMatchObject({
      level: 30,
      msg: expect.stringMatching(/^LLM_PROVIDER is not set; using groq/),
    });
    expect(lines.find((l) => l.setting === 'FEEDBACK_MODEL')?.msg).toMatch(/not a groq model/);
    expect(lines.find((l) => l.msg === 'agent configured')).toMatchObject({
      // The LLM always runs inside the fallback wrapper (retries, circuit breaker).
      providers: { llm: 'fallback(groq)', stt: 'groq', tts: 'none' },
    });
    expect(stdout).not.toContain('gsk-agent-only');
  });

  it('without a LiveKit server to register with, says so and exits 1', async () => {
    const port = await freePort();
    const { code, stdout } = await runMain(
      { LIVEKIT_URL: 'ws://127.0.0.1:1', LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: apiSecret },
      ['--max-retry', '0', '--health-port', String(port)],
    );
    expect(code).toBe(1);
    const lines = jsonLines(stdout);
    expect(lines.find((l) => l.msg === 'agent configured')).toMatchObject({
      userManagement: 'not configured',
    });
    // Without user-management or an STT nothing could be joined, and it says why up front.
    expect(
      lines.some((l) => String(l.msg).startsWith('BACKEND_API_URL or INTERNAL_SERVICE_JWT_SECRET')),
    ).toBe(true);
    const fatal = lines.find((l) => l.msg === 'could not register with the LiveKit server');
    expect(fatal?.level).toBe(60);
    expect(JSON.stringify(fatal)).toContain('ECONNREFUSED 127.0.0.1:1');
    expect(stdout).not.toContain(apiSecret);
  }, 60_000);
});
