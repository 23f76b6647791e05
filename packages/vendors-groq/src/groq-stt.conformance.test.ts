import { describeSttConformance } from '@bot-backend/conformance';
import { type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { afterAll, beforeAll } from 'vitest';
import { createGroq } from './groq-provider.js';

let fake: OpenAiFake;
beforeAll(async () => {
  fake = await startOpenAiFake();
});
afterAll(async () => {
  await fake.close();
});

describeSttConformance({
  name: 'groq whisper (groq-sdk against the loopback fake)',
  create: (options) =>
    createGroq({ apiKey: 'gsk-conformance', baseURL: fake.url, timeoutMs: options?.timeoutMs }).stt(),
  script: (text) => fake.transcript(text),
  fail: (status, options) => fake.fail(status, options),
  stall: () => fake.stall(),
  openConnections: () => fake.openConnections(),
  reset: () => fake.reset(),
});
