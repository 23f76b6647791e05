import {
  fixtureReader,
  type LoopbackServer,
  sendJson,
  shapeDifferences,
  sseDataChunks,
  startLoopbackServer,
  startOpenAiFake,
} from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAICompatibleLlm } from './openai-compatible-llm.js';
import { OpenAICompatibleStt } from './openai-compatible-stt.js';
import { chatConfig, collect, commonConfig, deltas, rejection, user } from './test-support.js';

/**
 * Each vendor's published examples (see __fixtures__/<vendor>/README.md): the core's
 * parsers and the testkit fake are both held to them, and not to each other.
 */
const vendors = [
  {
    vendor: 'openai',
    apiPath: '/v1',
    model: 'gpt-4.1',
    fixtures: fixtureReader(new URL('./__fixtures__/openai/', import.meta.url)),
    completion: {
      text: 'Hello! How can I assist you today?',
      model: 'gpt-4.1-2025-04-14',
      usage: { inputTokens: 19, outputTokens: 10, totalTokens: 29 },
    },
    // OpenAI's streaming example asked for no usage chunk.
    stream: { deltas: ['Hello'], usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } },
    // A strict schema with a keyword strict mode refuses.
    refused: {
      file: 'error-strict-schema.json',
      message: "'minLength' is not permitted",
      responseFormat: {
        type: 'json_schema',
        json_schema: {
          name: 'interview_plan',
          strict: true,
          schema: {
            type: 'object',
            properties: { text: { type: 'string', minLength: 1 } },
            required: ['text'],
            additionalProperties: false,
          },
        },
      },
    },
  },
  {
    vendor: 'groq',
    apiPath: '/openai/v1',
    model: 'llama-3.3-70b-versatile',
    fixtures: fixtureReader(new URL('./__fixtures__/groq/', import.meta.url)),
    completion: {
      text: 'Low latency LLMs are important because they enable real-time conversation.',
      model: 'llama-3.3-70b-versatile',
      usage: { inputTokens: 18, outputTokens: 556, totalTokens: 574 },
    },
    // The recorded stream carries usage at the top level too (and in x_groq, which vendors-groq reads).
    stream: {
      deltas: ['Hello', ' World', '!'],
      usage: { inputTokens: 38, outputTokens: 4, totalTokens: 42 },
    },
    // json_schema on a model Groq does not list for it.
    refused: {
      file: 'error-json-schema-unsupported.json',
      message: 'does not support response format `json_schema`',
      responseFormat: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
    },
  },
] as const;

describe.each(vendors)('$vendor fixtures: the core reads the vendor’s own examples', (case_) => {
  const { fixtures } = case_;
  let server: LoopbackServer;
  let error: { status: number; file: string } | undefined;
  beforeAll(async () => {
    server = await startLoopbackServer();
    server.route('POST', `${case_.apiPath}/chat/completions`, (req, res) => {
      if (error) return sendJson(res, error.status, fixtures.json(error.file));
      const body = JSON.parse(req.body.toString('utf8')) as { stream?: boolean };
      if (!body.stream) return sendJson(res, 200, fixtures.json('chat-completion.json'));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(fixtures.text('chat-completion-stream.txt'));
    });
  });
  afterAll(async () => {
    await server.close();
  });
  const llm = () =>
    new OpenAICompatibleLlm(
      case_.model,
      chatConfig(`${server.url}${case_.apiPath}`, { includeStreamUsage: false }),
    );

  it('a chat completion: text, model, usage, finish reason', async () => {
    error = undefined;
    expect(await llm().complete({ messages: user('Hi') })).toMatchObject({
      ...case_.completion,
      finishReason: 'stop',
    });
  });

  it('a streamed completion: the deltas, then one finish with the usage it carries', async () => {
    error = undefined;
    const parts = await collect(llm().stream({ messages: user('Hi') }));
    expect(deltas(parts)).toEqual(case_.stream.deltas);
    expect(parts.filter((part) => part.type !== 'text-delta')).toEqual([
      expect.objectContaining({ type: 'finish', finishReason: 'stop', usage: case_.stream.usage }),
    ]);
  });

  it.each([
    ['error-invalid-api-key.json', 401, 'auth'],
    [case_.refused.file, 400, 'bad_request'],
  ] as const)('an error body (%s): the kind and the vendor’s message', async (file, status, kind) => {
    error = { status, file };
    const message = (fixtures.json(file) as { error: { message: string } }).error.message;
    expect(await rejection(llm().complete({ messages: user('Hi') }))).toMatchObject({
      kind,
      status,
      message: `compat: ${status} ${message}`,
    });
  });
});

describe('openai fixtures: a verbose_json transcription with word timestamps', () => {
  const fixtures = vendors[0].fixtures;
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
    server.route('POST', '/v1/audio/transcriptions', (_req, res) =>
      sendJson(res, 200, fixtures.json('transcription-verbose.json')),
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('reads the text and each word’s times', async () => {
    const stt = new OpenAICompatibleStt('whisper-1', {
      ...commonConfig(`${server.url}/v1`),
      wordTimings: () => true,
    });
    const transcript = await stt.transcribe({ samples: new Int16Array(1600), sampleRate: 16_000 });
    expect(transcript.text).toMatch(/^The beach was a popular spot/);
    expect(transcript.words[1]).toMatchObject({ word: 'beach', startMs: 240, endMs: 580 });
  });
});

describe.each(vendors)('$vendor fixtures: the testkit fake answers in the vendor’s shape', (case_) => {
  const { fixtures } = case_;
  const fake = useFake(() => startOpenAiFake({ apiKey: 'key-right' }), { scope: 'all' });
  const post = (body: Record<string, unknown>, key = 'key-right') =>
    fetch(`${fake.url}${case_.apiPath}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: case_.model, messages: user('Hi'), ...body }),
    });

  it('a chat completion has only fields the vendor sends, of the same types', async () => {
    const answer = await (await post({})).json();
    expect(shapeDifferences(answer, fixtures.json('chat-completion.json'))).toEqual([]);
  });

  it('stream chunks have only the fields of the vendor’s chunks', async () => {
    const reference = sseDataChunks(fixtures.text('chat-completion-stream.txt'));
    const chunks = sseDataChunks(await (await post({ stream: true })).text());
    expect(shapeDifferences(chunks[0], reference[0])).toEqual([]);
    expect(shapeDifferences(chunks.at(-1), reference.at(-1))).toEqual([]);
  });

  it('a wrong key and a refused response format answer with the vendor’s error bodies', async () => {
    const wrongKey = await post({}, 'key-wrong');
    expect(wrongKey.status).toBe(401);
    const body = (await wrongKey.json()) as { error: Record<string, unknown> };
    const reference = fixtures.json('error-invalid-api-key.json') as { error: Record<string, unknown> };
    expect(Object.keys(body.error)).toEqual(Object.keys(reference.error));
    expect(body.error.code).toBe('invalid_api_key');

    const refused = await post({ response_format: case_.refused.responseFormat });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual(fixtures.json(case_.refused.file));
  });
});

describe('openai fixtures: the fake’s verbose_json transcription', () => {
  it('has only the fields of OpenAI’s example', async () => {
    const fake = await startOpenAiFake();
    try {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(32)], { type: 'audio/wav' }), 'a.wav');
      form.set('model', 'whisper-1');
      form.set('response_format', 'verbose_json');
      form.append('timestamp_granularities[]', 'word');
      const response = await fetch(`${fake.openaiBaseURL}/audio/transcriptions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-any' },
        body: form,
      });
      const reference = vendors[0].fixtures.json('transcription-verbose.json') as Record<string, unknown>;
      // OpenAI's example asked for words only; segments come with a segment granularity (same API page).
      const { segments: _segments, ...answer } = (await response.json()) as Record<string, unknown>;
      expect(shapeDifferences(answer, reference)).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
