import { describeSttConformance, describeTtsConformance, fakeControls } from '@bot-backend/conformance';
import { startDeepgramFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { createDeepgram } from './deepgram-provider.js';

// One fake per suite, so nothing one suite leaves behind is counted by the other.
// The suites call the harness only inside tests; the fakes start before them.
const sttFake = useFake(() => startDeepgramFake(), { scope: 'all' });
const ttsFake = useFake(() => startDeepgramFake({ ttsToneHz: 220 }), { scope: 'all' });

describeSttConformance({
  name: 'deepgram (live + prerecorded) via @deepgram/sdk',
  ...fakeControls(() => sttFake),
  script: (text) => sttFake.script(text),
  create: (options) =>
    createDeepgram({
      apiKey: sttFake.apiKey,
      baseUrl: sttFake.url,
      timeoutMs: options?.timeoutMs,
    }).stt(),
});

describeTtsConformance({
  name: 'deepgram aura via @deepgram/sdk',
  ...fakeControls(() => ttsFake),
  nativeSampleRate: 24000,
  toneHz: 220,
  create: (options) =>
    createDeepgram({
      apiKey: ttsFake.apiKey,
      baseUrl: ttsFake.url,
      timeoutMs: options?.timeoutMs,
    }).tts(),
  slow: (options) => ttsFake.slowSpeak(options),
});
