import { parseSettings } from '@bot-backend/config';
import { type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { GROQ_DEFAULT_CHAT_MODEL } from '@bot-backend/vendors-groq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProviders } from './build-providers.js';
import { resolveSettings } from './resolve-settings.js';

let fake: OpenAiFake;
beforeAll(async () => {
  fake = await startOpenAiFake();
});
afterAll(async () => {
  await fake.close();
});

const groqSettings = (extra: Record<string, string> = {}) =>
  resolveSettings(
    parseSettings({ LLM_PROVIDER: 'groq', GROQ_API_KEY: 'gsk-1', GROQ_BASE_URL: fake.url, ...extra }),
  );

describe('FEEDBACK_MODEL naming another vendor’s model', () => {
  it('with Groq, the default gpt-4o-mini becomes Groq’s default model, with a warning', () => {
    const settings = groqSettings();
    expect(settings.FEEDBACK_MODEL).toBe(GROQ_DEFAULT_CHAT_MODEL);
    expect(settings.startupNotices).toContainEqual({
      level: 'warn',
      setting: 'FEEDBACK_MODEL',
      message: `FEEDBACK_MODEL=gpt-4o-mini is not a groq model; feedback uses ${GROQ_DEFAULT_CHAT_MODEL} instead.`,
    });
  });

  it('prefers LLM_MODEL when that is the vendor’s own', () => {
    expect(groqSettings({ LLM_MODEL: 'openai/gpt-oss-120b' }).FEEDBACK_MODEL).toBe('openai/gpt-oss-120b');
  });

  it('keeps a model the vendor serves, and OpenAI’s own default with OpenAI', () => {
    expect(groqSettings({ FEEDBACK_MODEL: 'llama-3.1-8b-instant' }).FEEDBACK_MODEL).toBe(
      'llama-3.1-8b-instant',
    );
    const openai = resolveSettings(parseSettings({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-1' }));
    expect(openai.FEEDBACK_MODEL).toBe('gpt-4o-mini');
    expect(openai.startupNotices.some((n) => n.setting === 'FEEDBACK_MODEL')).toBe(false);
  });

  // Against the strict fake, gpt-4o-mini sent to Groq is a 404: the grader fell back to the rubric.
  it('the resolved feedback model is one Groq serves', async () => {
    const settings = groqSettings();
    const { llm } = await buildProviders(settings);
    fake.reply('ok');
    await llm!.complete({ model: settings.FEEDBACK_MODEL, messages: [{ role: 'user', content: 'Grade.' }] });
    expect(fake.rejections()).toEqual([]);
    expect(fake.chatRequests().at(-1)?.body?.model).toBe(GROQ_DEFAULT_CHAT_MODEL);
  });

  it('in an openai,groq chain, the fallback member does not get OpenAI’s model id', async () => {
    const settings = resolveSettings(
      parseSettings({
        LLM_PROVIDER: 'openai,groq',
        OPENAI_API_KEY: 'sk-1',
        OPENAI_BASE_URL: fake.openaiBaseURL,
        GROQ_API_KEY: 'gsk-1',
        GROQ_BASE_URL: fake.url,
        VENDOR_MAX_RETRIES: '0',
      }),
    );
    const { llm } = await buildProviders(settings);
    fake.fail(503);
    fake.reply('from groq');
    const result = await llm!.complete({
      model: settings.FEEDBACK_MODEL,
      messages: [{ role: 'user', content: 'Grade.' }],
    });
    expect(result.provider).toBe('groq');
    expect(fake.chatRequests().at(-1)?.body?.model).toBe(GROQ_DEFAULT_CHAT_MODEL);
  });
});

describe('model and voice settings reach every vendor', () => {
  it('LLM_MODEL, STT_MODEL, TTS_MODEL and TTS_VOICE go to the vendor they fit', async () => {
    const settings = resolveSettings(
      parseSettings({
        OPENAI_API_KEY: 'sk-1',
        LLM_PROVIDER: 'openai',
        STT_PROVIDER: 'openai',
        TTS_PROVIDER: 'openai',
        LLM_MODEL: 'gpt-5.4-mini',
        STT_MODEL: 'gpt-4o-transcribe',
        TTS_MODEL: 'tts-1',
        TTS_VOICE: 'coral',
      }),
    );
    const providers = await buildProviders(settings);
    expect(providers.llm?.modelId).toBe('gpt-5.4-mini');
    expect(providers.stt?.modelId).toBe('gpt-4o-transcribe');
    expect(providers.tts?.modelId).toBe('tts-1');
    expect(settings.startupNotices.filter((n) => n.level === 'warn')).toEqual([]);
  });

  it('a setting that names another vendor’s model is left out for that vendor, with a warning', async () => {
    const settings = resolveSettings(
      parseSettings({
        GROQ_API_KEY: 'g',
        LLM_PROVIDER: 'groq',
        STT_PROVIDER: 'groq',
        LLM_MODEL: 'gpt-4.1',
        STT_MODEL: 'whisper-1',
      }),
    );
    const providers = await buildProviders(settings);
    expect(providers.llm?.modelId).toBe(GROQ_DEFAULT_CHAT_MODEL);
    expect(providers.stt?.modelId).toBe('whisper-large-v3-turbo');
    expect(settings.startupNotices.map((n) => n.setting)).toEqual(
      expect.arrayContaining(['LLM_MODEL', 'STT_MODEL']),
    );
  });
});
