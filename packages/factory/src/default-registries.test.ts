import { parseSettings } from '@bot-backend/config';
import { type CartesiaFake, type OpenAiFake, startCartesiaFake, startOpenAiFake } from '@bot-backend/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProviders } from './build-providers.js';
import type { ProviderEvent } from './provider-events.js';

// The registries as shipped: settings in, real vendor packages out, pointed at loopback fakes.
let openai: OpenAiFake;
let cartesia: CartesiaFake;
beforeAll(async () => {
  // test-model: served as a compatible server would serve its own ids.
  openai = await startOpenAiFake({ models: ['test-model'] });
  cartesia = await startCartesiaFake();
});
afterAll(async () => {
  await Promise.all([openai.close(), cartesia.close()]);
});

function settings(extra: Record<string, string>) {
  return parseSettings({
    OPENAI_API_KEY: 'sk-openai-test',
    OPENAI_BASE_URL: openai.openaiBaseURL,
    GROQ_API_KEY: 'gsk-test',
    GROQ_BASE_URL: openai.url,
    CARTESIA_API_KEY: cartesia.apiKey,
    CARTESIA_BASE_URL: cartesia.url,
    VENDOR_MAX_RETRIES: '0',
    ...extra,
  });
}

describe('default registries', () => {
  it('builds nothing with every provider none (the offline default)', async () => {
    const providers = await buildProviders(parseSettings({}));
    expect(providers).toEqual({});
  });

  it('serves a request from groq when openai answers 503, and reports the switch', async () => {
    const events: ProviderEvent[] = [];
    const { llm } = await buildProviders(settings({ LLM_PROVIDER: 'openai,groq', LLM_MODEL: 'test-model' }), {
      onEvent: (e) => events.push(e),
    });
    openai.fail(503);
    openai.reply('Served by the second provider.');
    const result = await llm!.complete({ messages: [{ role: 'user', content: 'hello' }] });
    expect(result.text).toBe('Served by the second provider.');
    expect(result.provider).toBe('groq');
    expect(events).toContainEqual(expect.objectContaining({ type: 'fallback', from: 'openai', to: 'groq' }));
    const paths = openai.server.requests.map((r) => r.path);
    expect(paths).toEqual(['/v1/chat/completions', '/openai/v1/chat/completions']);
    // LLM_MODEL reached the wire.
    expect(JSON.parse(openai.server.requests.at(-1)!.body.toString()).model).toBe('test-model');
  });

  it('builds every capability from its setting', async () => {
    const providers = await buildProviders(
      settings({
        LLM_PROVIDER: 'groq',
        STT_PROVIDER: 'openai',
        TTS_PROVIDER: 'cartesia',
        MODERATION_PROVIDER: 'openai',
      }),
    );
    expect(providers.llm?.provider).toContain('groq');
    expect(providers.stt?.provider).toBe('openai');
    expect(providers.tts?.provider).toBe('cartesia');
    expect(providers.moderator?.provider).toBe('openai');
    expect(providers.avatar).toBeUndefined();
  });

  it('builds the speech vendors: Deepgram, AssemblyAI and Simli', async () => {
    const providers = await buildProviders(
      parseSettings({
        STT_PROVIDER: 'assemblyai',
        ASSEMBLYAI_API_KEY: 'aai-test',
        TTS_PROVIDER: 'deepgram',
        DEEPGRAM_API_KEY: 'dg-test',
        AVATAR_PROVIDER: 'simli',
        SIMLI_API_KEY: 'simli-test',
      }),
    );
    expect(providers.stt?.provider).toBe('assemblyai');
    expect(providers.stt?.capabilities.streaming).toBe(true);
    expect(providers.tts?.provider).toBe('deepgram');
    expect(providers.avatar?.provider).toBe('simli');
    const deepgramStt = (
      await buildProviders(parseSettings({ STT_PROVIDER: 'deepgram', DEEPGRAM_API_KEY: 'dg-test' }))
    ).stt;
    expect(deepgramStt?.capabilities).toMatchObject({
      streaming: true,
      interimResults: true,
      wordTimings: true,
    });
  });

  it('names the missing key of a named provider', () => {
    // The settings refuse it before any provider is built.
    expect(() => buildProviders(parseSettings({ TTS_PROVIDER: 'cartesia' }))).toThrow(/CARTESIA_API_KEY/);
  });
});
