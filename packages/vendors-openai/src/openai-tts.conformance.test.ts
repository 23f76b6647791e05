import { describeTtsConformance } from '@bot-backend/conformance';
import { OPENAI_FAKE_TONE_HZ, type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { afterAll, beforeAll } from 'vitest';
import { createOpenAI } from './openai-provider.js';
import { OPENAI_PCM_SAMPLE_RATE } from './openai-tts.js';

let fake: OpenAiFake;
beforeAll(async () => {
  fake = await startOpenAiFake();
});
afterAll(async () => {
  await fake.close();
});

describeTtsConformance({
  name: 'openai speech (openai SDK against the loopback fake)',
  create: (options) =>
    createOpenAI({
      apiKey: 'sk-conformance',
      baseURL: fake.openaiBaseURL,
      timeoutMs: options?.timeoutMs,
    }).tts(),
  nativeSampleRate: OPENAI_PCM_SAMPLE_RATE,
  toneHz: OPENAI_FAKE_TONE_HZ,
  slow: (options) => fake.slowSpeech(options),
  fail: (status, options) => fake.fail(status, options),
  stall: () => fake.stall(),
  openConnections: () => fake.openConnections(),
  reset: () => fake.reset(),
});
