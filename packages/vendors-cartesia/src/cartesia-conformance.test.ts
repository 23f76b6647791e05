import { describeTtsConformance, fakeControls } from '@bot-backend/conformance';
import { defaultFakeTone, startCartesiaFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe } from 'vitest';
import { CARTESIA_NATIVE_SAMPLE_RATE } from './cartesia-options.js';
import { createCartesia } from './cartesia-provider.js';

describe('Cartesia TTS against its loopback fake, through @cartesia/cartesia-js', () => {
  const fake = useFake(() => startCartesiaFake(), { scope: 'all' });

  describeTtsConformance({
    name: 'cartesia',
    create: (options) =>
      createCartesia({
        apiKey: fake.apiKey,
        baseURL: fake.url,
        timeoutMs: options?.timeoutMs,
        // The suite counts every connection left open after a cancel, across its providers; the
        // connections kept between replies are checked in cartesia-socket-pool.test.ts.
        idleConnections: 0,
      }).tts(),
    nativeSampleRate: CARTESIA_NATIVE_SAMPLE_RATE,
    toneHz: defaultFakeTone.frequencyHz,
    slow: (options) => fake.slow(options),
    ...fakeControls(() => fake),
  });
});
