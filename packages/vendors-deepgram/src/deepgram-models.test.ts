import { startDeepgramFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { DEEPGRAM_STT_MODELS, DEEPGRAM_TTS_VOICES } from './deepgram-models.js';
import { createDeepgram } from './deepgram-provider.js';
import { collect } from './test-support.js';

/** The catalogue against the fake, whose model lists are copied from Deepgram's SDK enums on their own. */
describe('deepgram-models catalogue', () => {
  const fake = useFake(() => startDeepgramFake({ ttsMsPerChar: 2 }), { scope: 'all' });

  it.each(Object.keys(DEEPGRAM_STT_MODELS))('Deepgram opens a live session for %s', async (model) => {
    const session = createDeepgram({ apiKey: fake.apiKey, baseUrl: fake.url, defaultModel: model })
      .stt()
      .stream({
        sampleRate: 16000,
        keywords: ['kafka'],
      });
    const parts = collect(session as never) as Promise<Array<{ type: string }>>;
    await session.close();
    expect((await parts).filter((part) => part.type === 'error')).toEqual([]);
  });

  it.each(DEEPGRAM_TTS_VOICES)('Deepgram speaks with %s over the websocket', async (voice) => {
    const session = createDeepgram({ apiKey: fake.apiKey, baseUrl: fake.url, defaultVoice: voice })
      .tts()
      .stream({
        sampleRate: 16000,
      });
    const parts = collect(session);
    session.pushText('Hi.');
    session.end();
    expect((await parts).at(-1)?.type).toBe('finish');
  });
});
