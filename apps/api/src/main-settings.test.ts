import { freePort } from '@bot-backend/testkit';
import { describe, expect, it } from 'vitest';
import { mainPerTest } from './test-main-process.js';

const main = mainPerTest();
// A start of main.ts (tsx, every package) on a loaded 2-core machine: generous bounds, nothing timed.
const startBoundMs = 60_000;
const testTimeoutMs = 90_000;

async function healthy(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return true;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

// Secrets inside URLs: each userinfo part must appear nowhere the process shows.
const credentials = ['llm-user', 'llm-pass-123', 'stt-user', 'stt-pass-456', 'um-user', 'um-pass-789'];

describe('main with the settings an operator of the original would bring', () => {
  it(
    'starts with Python log level names (WARNING), logging at warn',
    async () => {
      const port = await freePort();
      const api = main({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'WARNING' });
      expect(await healthy(port, startBoundMs)).toBe(true);
      // At warn, the info lines (listening, started) are not written.
      expect(api.stdout()).not.toContain('"msg":"started"');
      expect(api.stderr()).toBe('');
    },
    testTimeoutMs,
  );

  it(
    'refuses ENV at start, saying what replaces it',
    async () => {
      const api = main({ PORT: '0', ENV: 'local' });
      expect(await api.exited).toEqual({ code: 1, signal: null });
      expect(api.stderr()).toMatch(/ENV: is not read here.*NODE_ENV/);
    },
    testTimeoutMs,
  );

  it(
    'never shows the credentials of a URL: not in the start-up log, /readyz or /metrics',
    async () => {
      const api = main({
        PORT: '0',
        LOG_LEVEL: 'debug',
        LLM_PROVIDER: 'openai',
        OPENAI_API_KEY: 'sk-placeholder',
        OPENAI_BASE_URL: 'https://llm-user:llm-pass-123@llm.invalid/v1',
        STT_PROVIDER: 'deepgram',
        DEEPGRAM_API_KEY: 'dg-placeholder',
        DEEPGRAM_BASE_URL: 'wss://stt-user:stt-pass-456@stt.invalid',
        BACKEND_API_URL: 'http://um-user:um-pass-789@127.0.0.1:9/',
        INTERNAL_SERVICE_JWT_SECRET: 'x'.repeat(40),
      });
      const port = await api.listening(startBoundMs);
      const shown = [
        await (await fetch(`http://127.0.0.1:${port}/readyz`)).text(),
        await (await fetch(`http://127.0.0.1:${port}/metrics`)).text(),
      ];
      const log = api.stdout() + api.stderr();
      // The settings line was written, with the hosts but without who logs in.
      expect(log).toContain('"msg":"started"');
      expect(log).toContain('https://llm.invalid/v1');
      for (const text of [log, ...shown])
        for (const secret of credentials) expect(text).not.toContain(secret);
    },
    testTimeoutMs,
  );
});
