import { describeLlmConformance } from '@bot-backend/conformance';
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

describeLlmConformance({
  name: 'openai (openai SDK against the loopback fake)',
  create: (options) =>
    createOpenAI({
      apiKey: 'sk-conformance',
      baseURL: fake.openaiBaseURL,
      timeoutMs: options?.timeoutMs,
    }).llm('gpt-4o-mini'),
  reply: (text, options) => fake.reply({ text, ...options }),
  fail: (status, options) => fake.fail(status, options),
  stall: () => fake.stall(),
  openConnections: () => fake.openConnections(),
  reset: () => fake.reset(),
});
