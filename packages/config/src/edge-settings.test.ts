import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, parseSettings } from './load-settings.js';
import { redactSettings } from './redact-settings.js';
import { SettingsError, type SettingsProblem } from './settings-error.js';
import { stripUrlCredentials } from './url-credentials.js';

function problemsOf(env: Record<string, string>): readonly SettingsProblem[] {
  try {
    parseSettings(env);
  } catch (error) {
    if (SettingsError.isInstance(error)) return error.problems;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

const jwtSecret = 'j'.repeat(40);

describe('settings the Python original read', () => {
  it.each([
    ['WARNING', 'warn'],
    ['warning', 'warn'],
    ['CRITICAL', 'fatal'],
    ['Critical', 'fatal'],
    ['ERROR', 'error'],
    ['INFO', 'info'],
    ['DEBUG', 'debug'],
    ['NOTSET', 'trace'],
    ['FATAL', 'fatal'],
    ['WARN', 'warn'],
    ['debug', 'debug'],
    ['silent', 'silent'],
    ['30', 'warn'],
    ['50', 'fatal'],
  ])('LOG_LEVEL=%s starts with level %s', (given, level) => {
    expect(parseSettings({ LOG_LEVEL: given }).LOG_LEVEL).toBe(level);
  });

  it('refuses an unknown LOG_LEVEL, naming both vocabularies', () => {
    expect(problemsOf({ LOG_LEVEL: 'loud' })).toEqual([
      { variable: 'LOG_LEVEL', message: expect.stringMatching(/warn.*WARNING/) },
    ]);
  });

  it('refuses ENV and VOICE_ALLOWED_ORIGINS, saying what replaces each', () => {
    const problems = problemsOf({ ENV: 'local', VOICE_ALLOWED_ORIGINS: 'https://app.example.com' });
    expect(problems).toEqual([
      { variable: 'ENV', message: expect.stringMatching(/\.env\.local.*NODE_ENV/) },
      { variable: 'VOICE_ALLOWED_ORIGINS', message: expect.stringContaining('CORS_ORIGINS') },
    ]);
    expect(JSON.stringify(problems)).not.toContain('app.example.com');
  });

  it('refuses to start beside the env files of the original (env.local, env.{ENV}), with everything else wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-retired-'));
    try {
      writeFileSync(join(dir, 'env.local'), 'OPENAI_API_KEY=sk-in-the-old-file\n');
      writeFileSync(join(dir, 'env.production'), 'LOG_LEVEL=INFO\n');
      writeFileSync(join(dir, '.env.local'), 'LOG_LEVEL=WARNING\n');
      let problems: readonly SettingsProblem[] = [];
      try {
        loadSettings({ cwd: dir, env: { PORT: 'x' } });
      } catch (error) {
        if (SettingsError.isInstance(error)) problems = error.problems;
      }
      expect(problems.map((p) => p.variable)).toEqual(['PORT', 'env.local', 'env.production']);
      expect(problems[1]?.message).toContain('.env.local');
      expect(JSON.stringify(problems)).not.toContain('sk-in-the-old-file');
      rmSync(join(dir, 'env.local'));
      rmSync(join(dir, 'env.production'));
      expect(loadSettings({ cwd: dir, env: {} }).LOG_LEVEL).toBe('warn');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads every other variable of the original as it was', () => {
    const settings = parseSettings({
      OPENAI_API_KEY: 'sk-original',
      BACKEND_API_URL: 'http://user-management:8080',
      INTERNAL_SERVICE_JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'INFO',
      FEEDBACK_MODEL: 'gpt-4o',
      DEEPGRAM_API_KEY: 'dg',
      SIMLI_API_KEY: 'simli',
      LIVEKIT_URL: 'wss://example.livekit.cloud',
      LIVEKIT_API_KEY: 'lk',
      LIVEKIT_API_SECRET: 'lk-secret',
    });
    expect(settings).toMatchObject({
      OPENAI_API_KEY: 'sk-original',
      BACKEND_API_URL: 'http://user-management:8080',
      LOG_LEVEL: 'info',
      FEEDBACK_MODEL: 'gpt-4o',
      LIVEKIT_URL: 'wss://example.livekit.cloud',
    });
  });
});

describe('edge settings', () => {
  it('CORS_ORIGINS=* is for development only', () => {
    expect(parseSettings({ CORS_ORIGINS: '*' }).CORS_ORIGINS).toEqual(['*']);
    expect(
      problemsOf({ NODE_ENV: 'production', INTERNAL_SERVICE_JWT_SECRET: jwtSecret, CORS_ORIGINS: '*' }),
    ).toEqual([{ variable: 'CORS_ORIGINS', message: expect.stringContaining('production') }]);
  });

  it('DEV_PAGE_TOKENS is refused in production and a flag elsewhere', () => {
    expect(parseSettings({ DEV_PAGE_TOKENS: 'TRUE' }).DEV_PAGE_TOKENS).toBe(true);
    expect(parseSettings({}).DEV_PAGE_TOKENS).toBe(false);
    expect(problemsOf({ DEV_PAGE_TOKENS: 'maybe' })).toEqual([
      { variable: 'DEV_PAGE_TOKENS', message: 'must be true or false' },
    ]);
    expect(
      problemsOf({ NODE_ENV: 'production', INTERNAL_SERVICE_JWT_SECRET: jwtSecret, DEV_PAGE_TOKENS: 'true' }),
    ).toEqual([{ variable: 'DEV_PAGE_TOKENS', message: expect.stringContaining('production') }]);
  });

  it('INBOUND_JWT_ISSUER defaults to user-management and takes a comma list', () => {
    expect(parseSettings({}).INBOUND_JWT_ISSUER).toEqual(['user-management']);
    expect(parseSettings({ INBOUND_JWT_ISSUER: 'user-management, scheduler' }).INBOUND_JWT_ISSUER).toEqual([
      'user-management',
      'scheduler',
    ]);
  });
});

describe('URL credentials', () => {
  it('are stripped from every URL in a text, whatever the scheme', () => {
    expect(stripUrlCredentials('https://user:pass@llm.internal/v1')).toBe('https://llm.internal/v1');
    expect(stripUrlCredentials('a wss://token@stt.example/listen and postgres://u:p%40x@db:5432/x')).toBe(
      'a wss://stt.example/listen and postgres://db:5432/x',
    );
    expect(stripUrlCredentials('mail me at someone@example.com, see https://example.com/@user')).toBe(
      'mail me at someone@example.com, see https://example.com/@user',
    );
    // A log line as JSON, the URL in an escaped string; and one without any URL, returned as it was.
    expect(stripUrlCredentials('{"err":"connect https://k:v@llm.internal/v1 failed"}\n')).toBe(
      '{"err":"connect https://llm.internal/v1 failed"}\n',
    );
    const plain = '{"msg":"request completed","route":"/v1/evaluate"}\n';
    expect(stripUrlCredentials(plain)).toBe(plain);
  });

  it('never reach the redacted settings', () => {
    const settings = parseSettings({
      OPENAI_BASE_URL: 'https://alice:s3cret-pass@llm.internal/v1',
      DEEPGRAM_BASE_URL: 'wss://bob@stt.internal',
    });
    const text = JSON.stringify(redactSettings(settings));
    expect(text).not.toContain('s3cret-pass');
    expect(text).not.toContain('alice');
    expect(text).not.toContain('bob@');
    expect(text).toContain('https://llm.internal/v1');
  });
});
