import { describeSttConformance, fakeControls } from '@bot-backend/conformance';
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
  create: (options) =>
    createAssemblyAI({
      streamingUrl: fake.streamingUrl,
      streamingBaseUrl: fake.streamingBaseUrl,
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      // Async jobs poll quickly here: the fake finishes a job in a few polls.
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
      timeoutMs: options?.timeoutMs,
    }).stt(),
  script: (text) => fake.script(text),
  ...fakeControls(() => fake),
});
