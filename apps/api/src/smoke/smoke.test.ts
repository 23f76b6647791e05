import {
  type AssemblyAIFake,
  acceptFakeTlsCertificates,
  type CartesiaFake,
  type DeepgramFake,
  type OpenAiFake,
  type SimliFake,
  startAssemblyAIFake,
  startCartesiaFake,
  startDeepgramFake,
  startOpenAiFake,
  startSimliFake,
} from '@bot-backend/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSmoke } from './run-smoke.js';

const run = async (env: Record<string, string>) => {
  const lines: string[] = [];
  const code = await runSmoke({ env, write: (line) => lines.push(line), timeoutMs: 20_000 });
  return { code, lines };
};
const row = (lines: readonly string[], vendor: string, check: string) =>
  lines.find((line) => line.startsWith(`${vendor} `) && line.includes(` ${check} `));

describe('pnpm smoke', () => {
  it('with no keys prints one skip line per vendor and exits 0', async () => {
    const { code, lines } = await run({});
    expect(code).toBe(0);
    for (const vendor of ['openai', 'groq', 'deepgram', 'assemblyai', 'cartesia', 'simli']) {
      expect(lines.filter((line) => line.startsWith(`${vendor} `))).toEqual([
        expect.stringMatching(/skipped: no key/),
      ]);
    }
    expect(lines.at(-1)).toMatch(/no vendor key is set/);
  });

  describe('against the testkit fakes', () => {
    let openai: OpenAiFake;
    let deepgram: DeepgramFake;
    let assemblyai: AssemblyAIFake;
    let cartesia: CartesiaFake;
    let simli: SimliFake;
    let restoreTls: () => void;
    beforeAll(async () => {
      restoreTls = acceptFakeTlsCertificates();
      [openai, deepgram, assemblyai, cartesia, simli] = await Promise.all([
        startOpenAiFake({ apiKey: 'sk-smoke' }),
        startDeepgramFake(),
        startAssemblyAIFake(),
        startCartesiaFake(),
        startSimliFake(),
      ]);
    });
    afterAll(async () => {
      restoreTls();
      await Promise.all([openai, deepgram, assemblyai, cartesia, simli].map((fake) => fake.close()));
    });
    const env = () => ({
      OPENAI_API_KEY: 'sk-smoke',
      OPENAI_BASE_URL: openai.openaiBaseURL,
      GROQ_API_KEY: 'sk-smoke',
      GROQ_BASE_URL: openai.url,
      DEEPGRAM_API_KEY: deepgram.apiKey,
      DEEPGRAM_BASE_URL: deepgram.url,
      ASSEMBLYAI_API_KEY: assemblyai.apiKey,
      ASSEMBLYAI_BASE_URL: assemblyai.url,
      ASSEMBLYAI_STREAMING_URL: assemblyai.streamingUrl,
      CARTESIA_API_KEY: cartesia.apiKey,
      CARTESIA_BASE_URL: cartesia.url,
      SIMLI_API_KEY: simli.apiKey,
      SIMLI_BASE_URL: simli.url,
      SIMLI_FACE_ID: 'face-smoke',
    });

    it('reports every call of every configured vendor with its latency', async () => {
      openai.respond((request) =>
        JSON.stringify(request.body?.response_format) === undefined
          ? 'ready'
          : { json: { ready: true, word: 'ready' } },
      );
      const { code, lines } = await run(env());
      const expected: [string, string][] = [
        ['openai', 'llm completion'],
        ['openai', 'llm structured output'],
        ['openai', 'stt batch'],
        ['openai', 'stt streaming'],
        ['openai', 'tts bytes'],
        ['openai', 'tts streaming'],
        ['groq', 'llm completion'],
        ['groq', 'llm structured output'],
        ['groq', 'stt batch'],
        ['groq', 'stt streaming'],
        ['deepgram', 'stt batch'],
        ['deepgram', 'stt streaming'],
        ['deepgram', 'tts bytes'],
        ['deepgram', 'tts streaming'],
        ['assemblyai', 'stt batch'],
        ['assemblyai', 'stt streaming'],
        ['cartesia', 'tts bytes'],
        ['cartesia', 'tts streaming'],
        ['simli', 'avatar session token'],
      ];
      for (const [vendor, check] of expected) {
        expect(row(lines, vendor, check), `${vendor} ${check}\n${lines.join('\n')}`).toMatch(/ ok +\d+ /);
      }
      expect(code).toBe(0);
      expect(lines.join('\n')).not.toContain('sk-smoke');
    }, 120_000);

    it('exits 1 when a configured vendor fails, and says which call', async () => {
      const { code, lines } = await run({
        OPENAI_API_KEY: 'sk-wrong',
        OPENAI_BASE_URL: openai.openaiBaseURL,
      });
      expect(code).toBe(1);
      expect(row(lines, 'openai', 'llm completion')).toMatch(/failed: .*401/);
      expect(row(lines, 'groq', '-')).toMatch(/skipped: no key/);
      expect(lines.at(-1)).toMatch(/call\(s\) failed/);
    }, 120_000);
  });
});
