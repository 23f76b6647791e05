import { describeSttConformance, describeTtsConformance } from '@bot-backend/conformance';
import { type DeepgramFake, startDeepgramFake } from '@bot-backend/testkit';
import { afterAll, beforeAll } from 'vitest';
import { createDeepgram } from './deepgram-provider.js';

// One fake per suite, so nothing one suite leaves behind is counted by the other.
// The suites call the harness only inside tests; the fakes start in beforeAll.
let sttFake: DeepgramFake;
let ttsFake: DeepgramFake;
beforeAll(async () => {
  sttFake = await startDeepgramFake();
  ttsFake = await startDeepgramFake({ ttsToneHz: 220 });
});
afterAll(async () => {
  await sttFake.close();
  await ttsFake.close();
});

describeSttConformance({
  name: 'deepgram (live + prerecorded) via @deepgram/sdk',
  fail: (status, options) => sttFake.fail(status, options),
  stall: () => sttFake.stall(),
  openConnections: () => sttFake.openConnections(),
  reset: () => sttFake.reset(),
  script: (text) => sttFake.script(text),
  create: (options) =>
    createDeepgram({
      apiKey: sttFake.apiKey,
      baseUrl: sttFake.url,
      ...(options?.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    }).stt(),
});

describeTtsConformance({
  name: 'deepgram aura via @deepgram/sdk',
  fail: (status, options) => ttsFake.fail(status, options),
  stall: () => ttsFake.stall(),
  openConnections: () => ttsFake.openConnections(),
  reset: () => ttsFake.reset(),
  nativeSampleRate: 24000,
  toneHz: 220,
  create: (options) =>
    createDeepgram({
      apiKey: ttsFake.apiKey,
      baseUrl: ttsFake.url,
      ...(options?.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    }).tts(),
  slow: (options) => ttsFake.slowSpeak(options),
});
