import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exitOnSettingsError, loadSettings, loadSettingsOrExit, parseSettings } from './load-settings.js';
import { SettingsError, type SettingsProblem } from './settings-error.js';

const secret = 'sk-this-value-must-never-be-printed-0001';
const jwtSecret = 'j'.repeat(40);

function problemsOf(run: () => unknown): readonly SettingsProblem[] {
  try {
    run();
  } catch (error) {
    if (SettingsError.isInstance(error)) return error.problems;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

const dirs: string[] = [];
function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'config-test-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('parseSettings', () => {
  it('starts with no variables at all: every provider none, documented defaults', () => {
    const settings = parseSettings({});
    expect(settings.PORT).toBe(8000);
    expect(settings.NODE_ENV).toBe('development');
    expect(settings.INBOUND_AUTH).toBe('off');
    expect(settings.FEEDBACK_MODEL).toBe('gpt-4o-mini');
    expect(settings.LLM_PROVIDER).toEqual([]);
    expect(settings.STT_PROVIDER).toEqual([]);
    expect(settings.TTS_PROVIDER).toEqual([]);
    expect(settings.AVATAR_PROVIDER).toEqual([]);
    expect(settings.MODERATION_PROVIDER).toEqual([]);
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it('treats blank values (KEY= lines copied from .env.example) as unset', () => {
    const settings = parseSettings({ OPENAI_API_KEY: '', PORT: ' ', OPENAI_BASE_URL: '' });
    expect(settings.OPENAI_API_KEY).toBeUndefined();
    expect(settings.PORT).toBe(8000);
  });

  it('reads a comma list as an ordered fallback chain, case and spaces ignored', () => {
    const settings = parseSettings({
      LLM_PROVIDER: 'Groq, openai',
      GROQ_API_KEY: secret,
      OPENAI_API_KEY: secret,
    });
    expect(settings.LLM_PROVIDER).toEqual(['groq', 'openai']);
  });

  it('accepts `none` explicitly', () => {
    expect(parseSettings({ TTS_PROVIDER: 'none' }).TTS_PROVIDER).toEqual([]);
  });

  it('names the missing key of a named provider, and every setting that needs it', () => {
    const problems = problemsOf(() =>
      parseSettings({ LLM_PROVIDER: 'openai', STT_PROVIDER: 'deepgram,openai' }),
    );
    expect(problems).toEqual([
      { variable: 'OPENAI_API_KEY', message: 'is required by LLM_PROVIDER=openai, STT_PROVIDER=openai' },
      { variable: 'DEEPGRAM_API_KEY', message: 'is required by STT_PROVIDER=deepgram' },
    ]);
  });

  it('rejects unknown provider names per capability, `none` inside a list, and repeats', () => {
    const problems = problemsOf(() =>
      parseSettings({
        LLM_PROVIDER: 'deepgram',
        TTS_PROVIDER: 'openai,none',
        AVATAR_PROVIDER: 'simli,simli',
        SIMLI_API_KEY: secret,
      }),
    );
    expect(problems.map((p) => p.variable)).toEqual(['LLM_PROVIDER', 'TTS_PROVIDER', 'AVATAR_PROVIDER']);
    expect(problems[0]?.message).toContain('openai, groq');
    expect(problems[2]?.message).toContain('twice');
  });

  it('reports every problem at once, each by variable name, never with a value', () => {
    const shortSecret = 'short-secret-value-xyz';
    const error = (() => {
      try {
        parseSettings({
          OPENAI_BASE_URL: `not a url ${secret}`,
          BACKEND_API_URL: 'ftp://user-management',
          INTERNAL_SERVICE_JWT_SECRET: shortSecret,
          LIVEKIT_URL: 'mailto:someone',
          PORT: 'eighty',
          VENDOR_MAX_RETRIES: '-1',
          LOG_LEVEL: 'loud',
          INBOUND_AUTH: 'maybe',
          SANDBOX_URL: 'ftp://judge0.internal',
        });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(SettingsError.isInstance(error)).toBe(true);
    if (!SettingsError.isInstance(error)) return;
    expect(error.problems.map((p) => p.variable).sort()).toEqual(
      [
        'BACKEND_API_URL',
        'INBOUND_AUTH',
        'INTERNAL_SERVICE_JWT_SECRET',
        'LIVEKIT_URL',
        'LOG_LEVEL',
        'OPENAI_BASE_URL',
        'PORT',
        'SANDBOX_URL',
        'VENDOR_MAX_RETRIES',
      ].sort(),
    );
    expect(error.message).toContain('at least 32 characters');
    expect(error.message).not.toContain(shortSecret);
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain('eighty');
  });

  it('needs INTERNAL_SERVICE_JWT_SECRET in production (inbound JWT by default) and with BACKEND_API_URL', () => {
    expect(problemsOf(() => parseSettings({ NODE_ENV: 'production' }))).toEqual([
      { variable: 'INTERNAL_SERVICE_JWT_SECRET', message: expect.stringContaining('INBOUND_AUTH=jwt') },
    ]);
    expect(problemsOf(() => parseSettings({ BACKEND_API_URL: 'http://um.internal:8080' }))).toEqual([
      { variable: 'INTERNAL_SERVICE_JWT_SECRET', message: expect.stringContaining('BACKEND_API_URL') },
    ]);
    const production = parseSettings({ NODE_ENV: 'production', INTERNAL_SERVICE_JWT_SECRET: jwtSecret });
    expect(production.INBOUND_AUTH).toBe('jwt');
    expect(parseSettings({ NODE_ENV: 'production', INBOUND_AUTH: 'off' }).INBOUND_AUTH).toBe('off');
  });

  it('reports the settings an entry point requires alongside the rest', () => {
    const problems = problemsOf(() =>
      parseSettings({ LIVEKIT_URL: 'wss://x.livekit.cloud', PORT: 'x' }, [
        'LIVEKIT_URL',
        'LIVEKIT_API_KEY',
        'LIVEKIT_API_SECRET',
      ]),
    );
    expect(problems.map((p) => p.variable)).toEqual(['PORT', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET']);
  });
});

describe('loadSettings', () => {
  it('layers .env, then .env.local, then the environment', () => {
    const dir = tempDir({
      '.env': 'PORT=8100\nFEEDBACK_MODEL=from-env-file\nLOG_LEVEL=debug\n',
      '.env.local': 'PORT=8200\nFEEDBACK_MODEL=from-env-local\n',
    });
    const settings = loadSettings({ cwd: dir, env: { PORT: '8300' } });
    expect(settings.PORT).toBe(8300);
    expect(settings.FEEDBACK_MODEL).toBe('from-env-local');
    expect(settings.LOG_LEVEL).toBe('debug');
  });

  it('works with no env files at all', () => {
    expect(loadSettings({ cwd: tempDir({}), env: {} }).PORT).toBe(8000);
  });

  it('validates what the files say too', () => {
    const dir = tempDir({ '.env.local': 'LLM_PROVIDER=groq\n' });
    expect(problemsOf(() => loadSettings({ cwd: dir, env: {} }))).toEqual([
      { variable: 'GROQ_API_KEY', message: 'is required by LLM_PROVIDER=groq' },
    ]);
  });
});

describe('loadSettingsOrExit', () => {
  it('writes one message naming each variable and exits with 1', () => {
    const written: string[] = [];
    const exits: number[] = [];
    expect(() =>
      loadSettingsOrExit({
        cwd: tempDir({}),
        env: {
          INTERNAL_SERVICE_JWT_SECRET: 'tiny-secret-1234',
          CARTESIA_API_KEY: '',
          TTS_PROVIDER: 'cartesia',
        },
        write: (message) => written.push(message),
        exit: (code) => {
          exits.push(code);
          throw new Error('exited');
        },
      }),
    ).toThrow('exited');
    expect(exits).toEqual([1]);
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('INTERNAL_SERVICE_JWT_SECRET');
    expect(written[0]).toContain('CARTESIA_API_KEY');
    expect(written[0]).not.toContain('tiny-secret-1234');
  });
});

describe('exitOnSettingsError', () => {
  const exitCalls = () => {
    const calls: { written: string[]; codes: number[] } = { written: [], codes: [] };
    const options = {
      write: (message: string) => calls.written.push(message),
      exit: (code: number): never => {
        calls.codes.push(code);
        throw new Error(`exit ${code}`);
      },
    };
    return { calls, options };
  };
  const problem = new SettingsError([{ variable: 'LLM_PROVIDER', message: 'mistral is not available' }]);

  it('exits with 1 and one message when an asynchronous build rejects with a SettingsError', async () => {
    const { calls, options } = exitCalls();
    await expect(exitOnSettingsError(() => Promise.reject(problem), options)).rejects.toThrow('exit 1');
    expect(calls.codes).toEqual([1]);
    expect(calls.written.join('')).toContain('LLM_PROVIDER');
  });

  it('passes any other rejection through, and a resolved build untouched', async () => {
    const { calls, options } = exitCalls();
    const other = new Error('disk full');
    await expect(exitOnSettingsError(() => Promise.reject(other), options)).rejects.toBe(other);
    await expect(exitOnSettingsError(() => Promise.resolve(7), options)).resolves.toBe(7);
    expect(calls.codes).toEqual([]);
  });
});
