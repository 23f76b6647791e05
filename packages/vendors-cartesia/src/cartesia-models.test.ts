import { startCartesiaFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it } from 'vitest';
import {
  CARTESIA_DEFAULT_MODEL,
  CARTESIA_MODELS,
  cartesiaModelInfo,
  cartesiaRateFor,
} from './cartesia-models.js';
import { createCartesia } from './cartesia-provider.js';
import { collect } from './test-support.js';

/** The catalogue against the fake, whose model list is copied from Cartesia's pages on its own. */
describe('cartesia-models catalogue', () => {
  const fake = useFake(() => startCartesiaFake({ tone: { msPerCharacter: 2 } }), { scope: 'all' });

  it('defaults to a current model that takes generation_config', () => {
    expect(cartesiaModelInfo(CARTESIA_DEFAULT_MODEL)).toMatchObject({ status: 'current', speedVolume: true });
  });

  it.each(Object.entries(CARTESIA_MODELS))(
    '%s: Cartesia answers as the catalogue says',
    async (model, info) => {
      const parts = await collect(
        createCartesia({ apiKey: fake.apiKey, baseURL: fake.url, model })
          .tts()
          .synthesize('Hi.', { sampleRate: 16000 }),
      );
      const last = parts.at(-1);
      if (info.status === 'current') expect(last?.type).toBe('finish');
      else expect(last?.type === 'error' && last.error.message).toContain('model_sunsetted');
    },
  );

  it('asks for the caller rate when Cartesia renders it, else the next higher one', () => {
    expect([8000, 11025, 16000, 24000, 32000, 44100, 96000].map(cartesiaRateFor)).toEqual([
      8000, 16000, 16000, 24000, 44100, 44100, 48000,
    ]);
  });
});
