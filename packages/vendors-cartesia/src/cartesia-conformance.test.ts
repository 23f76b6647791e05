import { describeTtsConformance, fakeControls } from '@bot-backend/conformance';
import { type CartesiaFake, defaultFakeTone, startCartesiaFake } from '@bot-backend/testkit';
import { afterAll, beforeAll, describe } from 'vitest';
import { CARTESIA_NATIVE_SAMPLE_RATE } from './cartesia-options.js';
import { createCartesia } from './cartesia-provider.js';

describe('Cartesia TTS against its loopback fake, through @cartesia/cartesia-js', () => {
  let fake: CartesiaFake;
  beforeAll(async () => {
    fake = await startCartesiaFake();
  });
  afterAll(async () => {
    await fake.close();
  });

  describeTtsConformance({
    name: 'cartesia',
    create: (options) =>
      createCartesia({
        apiKey: fake.apiKey,
        baseURL: fake.url,
        timeoutMs: options?.timeoutMs,
      }).tts(),
    nativeSampleRate: CARTESIA_NATIVE_SAMPLE_RATE,
    toneHz: defaultFakeTone.frequencyHz,
    slow: (options) => fake.slow(options),
    ...fakeControls(() => fake),
  });
});
