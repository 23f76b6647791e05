import { type AssemblyAIFake, startAssemblyAIFake } from '@bot-backend/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASSEMBLYAI_ASYNC_MODELS,
  ASSEMBLYAI_DEFAULT_MODEL,
  ASSEMBLYAI_FALLBACK_MODELS,
  speechModelsFor,
} from './assemblyai-models.js';
import { AssemblyAIStt } from './assemblyai-stt.js';

/** The catalogue against the fake, whose model list is copied from AssemblyAI's pages on its own. */
describe('assemblyai-models catalogue', () => {
  let fake: AssemblyAIFake;
  beforeAll(async () => {
    fake = await startAssemblyAIFake({ pollsUntilDone: 1 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it.each(Object.keys(ASSEMBLYAI_ASYNC_MODELS))('AssemblyAI takes %s in speech_models', async (model) => {
    fake.script('hello');
    const stt = new AssemblyAIStt({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      defaultModel: model,
      sleep: async () => {},
    });
    const result = await stt.transcribe({ samples: new Int16Array(1600), sampleRate: 16000 });
    expect(result.text).toBe('hello');
  });

  it('puts the chosen model first and the fallbacks after it, once each', () => {
    expect(speechModelsFor(ASSEMBLYAI_DEFAULT_MODEL, ASSEMBLYAI_FALLBACK_MODELS)).toEqual([
      'assemblyai-stt-3-7',
      'universal-2',
    ]);
    expect(speechModelsFor('universal-2', ASSEMBLYAI_FALLBACK_MODELS)).toEqual(['universal-2']);
  });
});
