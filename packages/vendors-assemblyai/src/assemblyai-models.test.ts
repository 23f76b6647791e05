import { type AssemblyAIFake, acceptFakeTlsCertificates, startAssemblyAIFake } from '@bot-backend/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASSEMBLYAI_ASYNC_MODELS,
  ASSEMBLYAI_DEFAULT_MODEL,
  ASSEMBLYAI_FALLBACK_MODELS,
  speechModelsFor,
} from './assemblyai-models.js';
import { createAssemblyAI } from './assemblyai-provider.js';
import { reader, until } from './test-support.js';

/** The catalogue against the fake, whose model list is copied from AssemblyAI's pages on its own. */
describe('assemblyai-models catalogue', () => {
  let fake: AssemblyAIFake;
  let restoreTls: () => void;
  beforeAll(async () => {
    // The SDK only connects to wss:; the fake's certificate is self-signed.
    restoreTls = acceptFakeTlsCertificates();
    fake = await startAssemblyAIFake({ pollsUntilDone: 1 });
  });
  afterAll(async () => {
    await fake.close();
    restoreTls();
  });
  it.each(Object.keys(ASSEMBLYAI_ASYNC_MODELS))('AssemblyAI takes %s in speech_models', async (model) => {
    fake.script('hello');
    const stt = createAssemblyAI({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      defaultModel: model,
      sleep: async () => {},
    }).stt();
    const result = await stt.transcribe({ samples: new Int16Array(1600), sampleRate: 16000 });
    expect(result.text).toBe('hello');
  });

  it('a model AssemblyAI no longer accepts (nano) is a bad_request naming the accepted ones', async () => {
    const error = await createAssemblyAI({ apiKey: fake.apiKey, baseUrl: fake.url, sleep: async () => {} })
      .stt()
      .transcribe({ samples: new Int16Array(1600), sampleRate: 16000 }, { model: 'nano' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'bad_request', status: 400 });
    expect(String((error as Error).message)).toContain('assemblyai-stt-3-7');
  });

  it('sends language_codes to a model that takes them (u3-rt-pro), and the fake accepts it', async () => {
    const session = createAssemblyAI({
      apiKey: fake.apiKey,
      streamingUrl: fake.streamingUrl,
      streamingBaseUrl: fake.streamingBaseUrl,
    })
      .stt()
      .stream({
        sampleRate: 16000,
        language: 'de-DE',
        model: 'u3-rt-pro',
      });
    const { parts, done } = reader(session);
    await until(() => fake.streaming.length === 1);
    await session.close();
    await done;
    expect(fake.streaming[0]!.request.query.get('language_codes')).toBe(JSON.stringify(['de']));
    expect(parts.filter((p) => p.type === 'error')).toEqual([]);
  });

  it('puts the chosen model first and the fallbacks after it, once each', () => {
    expect(speechModelsFor(ASSEMBLYAI_DEFAULT_MODEL, ASSEMBLYAI_FALLBACK_MODELS)).toEqual([
      'assemblyai-stt-3-7',
      'universal-2',
    ]);
    expect(speechModelsFor('universal-2', ASSEMBLYAI_FALLBACK_MODELS)).toEqual(['universal-2']);
  });
});
