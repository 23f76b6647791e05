import { describeSttConformance } from '@bot-backend/conformance';
import { type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { afterAll, beforeAll } from 'vitest';
import { createOpenAI } from './openai-provider.js';

let fake: OpenAiFake;
beforeAll(async () => {
  fake = await startOpenAiFake();
});
afterAll(async () => {
  await fake.close();
});

describeSttConformance({
  name: 'openai whisper (openai SDK against the loopback fake)',
  create: (options) =>
    createOpenAI({
      apiKey: 'sk-conformance',
      baseURL: fake.openaiBaseURL,
      timeoutMs: options?.timeoutMs,
    }).stt(),
  script: (text) => fake.transcript(text),
  fail: (status, options) => fake.fail(status, options),
  stall: () => fake.stall(),
  openConnections: () => fake.openConnections(),
  reset: () => fake.reset(),
});
