import { describeSttConformance } from '@bot-backend/conformance';
import { type AssemblyAIFake, acceptFakeTlsCertificates, startAssemblyAIFake } from '@bot-backend/testkit';
import { afterAll, beforeAll } from 'vitest';
import { createAssemblyAI } from './assemblyai-provider.js';

// The suite calls the harness only inside tests; the fake starts in beforeAll.
// The SDK only connects to wss:, and the fake's certificate is self-signed.
let fake: AssemblyAIFake;
let restoreTls: () => void;
beforeAll(async () => {
  restoreTls = acceptFakeTlsCertificates();
  fake = await startAssemblyAIFake();
});
afterAll(async () => {
  await fake.close();
  restoreTls();
});

describeSttConformance({
  name: 'assemblyai (streaming v3 + async) via assemblyai SDK',
  fail: (status, options) => fake.fail(status, options),
  stall: () => fake.stall(),
  openConnections: () => fake.openConnections(),
  reset: () => fake.reset(),
  script: (text) => fake.script(text),
  create: (options) =>
    createAssemblyAI({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      streamingUrl: fake.streamingUrl,
      streamingBaseUrl: fake.streamingBaseUrl,
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
      ...(options?.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    }).stt(),
});
