import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestSocket } from '../loopback/ws-test-client.js';
import { vendorFixture } from '../vendor-fixtures.js';
import { type AssemblyAIFake, startAssemblyAIFake } from './assemblyai-fake.js';
import { fakeTlsCert } from './fake-tls-cert.js';

/** One test per rule the AssemblyAI fake enforces (see assemblyai-fake-rules.ts for the sources). */

type Message = { type: string; [key: string]: unknown };

describe('AssemblyAI fake: what POST /v2/transcript refuses', () => {
  let fake: AssemblyAIFake;
  beforeEach(async () => {
    fake = await startAssemblyAIFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  const submit = (body: Record<string, unknown>) =>
    fetch(`${fake.url}/v2/transcript`, {
      method: 'POST',
      headers: { authorization: fake.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ audio_url: 'https://cdn.assemblyai.com/upload/x', ...body }),
    });

  it('accepts speech_models in priority order, and no speech_models at all (the default model)', async () => {
    expect((await submit({ speech_models: ['assemblyai-stt-3-7', 'universal-2'] })).status).toBe(200);
    expect((await submit({})).status).toBe(200);
  });

  it('answers the deprecated singular speech_model with the API own message', async () => {
    const response = await submit({ speech_model: 'universal' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(vendorFixture('assemblyai', 'speech-model-deprecated.json'));
  });

  it.each(['nano', 'best', 'slam-1', 'universal-3-pro', 'universal'])(
    'refuses %s, which speech_models no longer accepts, naming the accepted models',
    async (model) => {
      const response = await submit({ speech_models: [model] });
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: string };
      expect(error).toContain(model);
      expect(error).toContain('assemblyai-stt-3-7');
    },
  );

  it.each([
    ['a string', 'universal-2'],
    ['an empty list', []],
    ['a list with a number', [2]],
  ])('refuses speech_models given as %s', async (_name, models) => {
    expect((await submit({ speech_models: models })).status).toBe(400);
  });

  it('refuses keyterms_prompt that is not a list of strings, and a body without audio_url', async () => {
    expect((await submit({ keyterms_prompt: 'kafka' })).status).toBe(400);
    const response = await fetch(`${fake.url}/v2/transcript`, {
      method: 'POST',
      headers: { authorization: fake.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ speech_models: ['universal-2'] }),
    });
    expect(response.status).toBe(400);
  });
});

describe('AssemblyAI fake: what the v3 streaming connection refuses', () => {
  let fake: AssemblyAIFake;
  beforeEach(async () => {
    fake = await startAssemblyAIFake({ msPerWord: 100 });
  });
  afterEach(async () => {
    await fake.close();
  });

  const open = (query: string) =>
    openTestSocket(`${fake.streamingUrl}?${query}`, {
      headers: { authorization: fake.apiKey },
      ca: fakeTlsCert,
    });
  const model = 'speech_model=universal-streaming-english';

  it.each([
    ['no speech_model', 'sample_rate=16000', 3006, 'speech_model'],
    ['an unknown speech_model', 'speech_model=universal-9&sample_rate=16000', 3006, 'speech_model'],
    ['a sample rate out of range', `${model}&sample_rate=4000`, 4000, 'Sample rate'],
    ['an unknown encoding', `${model}&encoding=pcm_f32le`, 3006, 'encoding'],
    ['a boolean that is not true or false', `${model}&format_turns=yes`, 3006, 'format_turns'],
    ['a silence that is not whole ms', `${model}&min_turn_silence=0.5s`, 3006, 'min_turn_silence'],
    ['a confidence threshold over 1', `${model}&end_of_turn_confidence_threshold=2`, 3006, 'threshold'],
    ['keyterms_prompt that is not a JSON list', `${model}&keyterms_prompt=kafka`, 3006, 'keyterms_prompt'],
    [
      'language_codes on a model without them',
      `${model}&language_codes=%5B%22de%22%5D`,
      3006,
      'language_codes',
    ],
  ])('closes a connection with %s, after an Error message', async (_name, query, code, named) => {
    const { messages, closed } = await open(query);
    const result = await closed;
    expect(result.code).toBe(code);
    expect(result.reason).toContain(named);
    expect(messages[0]).toMatchObject({ type: 'Error', error_code: code });
    expect(messages.some((m) => m.type === 'Begin')).toBe(false);
  });

  it('takes language_codes on u3-rt-pro, and sample_rate may be left out (16000)', async () => {
    const { socket, messages } = await open('speech_model=u3-rt-pro&language_codes=%5B%22de%22%5D');
    const deadline = Date.now() + 2000;
    while (!messages.some((m) => m.type === 'Begin') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(Object.keys(messages[0] ?? {}).sort()).toEqual(
      Object.keys(vendorFixture<Message>('assemblyai', 'streaming-begin.json')).sort(),
    );
    socket.close();
  });

  it('leaves the last word of a partial open, as the message-sequence example does', async () => {
    fake.script('hi my name');
    const { socket, messages } = await open(`${model}&sample_rate=16000`);
    for (let i = 0; i < 3; i++) socket.send(Buffer.alloc(3200));
    const deadline = Date.now() + 2000;
    while (messages.filter((m) => m.type === 'Turn').length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const [first, second] = messages.filter((m) => m.type === 'Turn');
    const documented = vendorFixture<Message[]>('assemblyai', 'streaming-partial-turns.json');
    const shape = (turn: Message | undefined) => ({
      keys: Object.keys(turn ?? {}).sort(),
      transcript: turn?.transcript,
      final: (turn?.words as Array<{ word_is_final: boolean }> | undefined)?.map((w) => w.word_is_final),
    });
    expect(shape(first)).toEqual(shape(documented[0]));
    expect(shape(second)).toEqual(shape(documented[1]));
    socket.close();
  });
});
