import {
  fixtureReader,
  type LoopbackServer,
  type OpenAiFake,
  sendJson,
  shapeDifferences,
  sseDataChunks,
  startLoopbackServer,
  startOpenAiFake,
} from '@bot-backend/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-provider.js';

/** OpenAI's published examples (see __fixtures__/README.md): our parser and the fake are both held to them. */
const fixtures = fixtureReader(new URL('./__fixtures__/', import.meta.url));
const user = (content: string) => [{ role: 'user' as const, content }];

describe('OpenAI fixtures: our parsers read the vendor’s own examples', () => {
  let vendor: LoopbackServer;
  beforeAll(async () => {
    vendor = await startLoopbackServer();
    vendor.route('POST', '/v1/chat/completions', (req, res) => {
      const body = JSON.parse(req.body.toString('utf8')) as { stream?: boolean };
      if (!body.stream) return sendJson(res, 200, fixtures.json('chat-completion.json'));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(fixtures.text('chat-completion-stream.txt'));
    });
    vendor.route('POST', '/v1/audio/transcriptions', (_req, res) =>
      sendJson(res, 200, fixtures.json('transcription-verbose.json')),
    );
    vendor.route('POST', '/v1/moderations', (_req, res) =>
      sendJson(res, 401, fixtures.json('error-invalid-api-key.json')),
    );
  });
  afterAll(async () => {
    await vendor.close();
  });
  const openai = () => createOpenAI({ apiKey: 'sk-fixture', baseURL: `${vendor.url}/v1` });

  it('a chat completion: text, model, usage, finish reason', async () => {
    const result = await openai()
      .llm('gpt-4.1')
      .complete({ messages: user('Hi') });
    expect(result).toMatchObject({
      text: 'Hello! How can I assist you today?',
      model: 'gpt-4.1-2025-04-14',
      finishReason: 'stop',
      usage: { inputTokens: 19, outputTokens: 10, totalTokens: 29 },
    });
  });

  it('a streamed completion: the deltas, then one finish', async () => {
    const parts = [];
    for await (const part of openai()
      .llm('gpt-4o-mini', { streamUsage: false })
      .stream({ messages: user('Hi') }))
      parts.push(part);
    expect(parts).toEqual([
      { type: 'text-delta', delta: 'Hello' },
      expect.objectContaining({ type: 'finish', finishReason: 'stop', model: 'gpt-4o-mini' }),
    ]);
  });

  it('a verbose_json transcription with word timestamps', async () => {
    const transcript = await openai()
      .stt()
      .transcribe({ samples: new Int16Array(1600), sampleRate: 16_000 });
    expect(transcript.text).toMatch(/^The beach was a popular spot/);
    expect(transcript.words[1]).toMatchObject({ word: 'beach', startMs: 240, endMs: 580 });
  });

  it('an error body: the kind and the vendor’s message', async () => {
    await expect(openai().moderation().moderate('text')).rejects.toMatchObject({ kind: 'auth', status: 401 });
  });
});

describe('OpenAI fixtures: the fake answers in the vendor’s shape', () => {
  let fake: OpenAiFake;
  beforeAll(async () => {
    fake = await startOpenAiFake({ apiKey: 'sk-right' });
  });
  afterAll(async () => {
    await fake.close();
  });
  const post = (body: unknown, key = 'sk-right', path = '/v1/chat/completions') =>
    fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
  const chat = { model: 'gpt-4.1', messages: user('Hi') };

  it('a chat completion has only fields OpenAI sends, of the same types', async () => {
    expect(shapeDifferences(await (await post(chat)).json(), fixtures.json('chat-completion.json'))).toEqual(
      [],
    );
  });

  it('stream chunks have only fields OpenAI’s chunks have', async () => {
    const reference = sseDataChunks(fixtures.text('chat-completion-stream.txt'));
    const chunks = sseDataChunks(await (await post({ ...chat, stream: true })).text());
    for (const chunk of chunks) expect(shapeDifferences(chunk, reference[0])).toEqual([]);
  });

  it('a wrong key and a strict-schema break answer with OpenAI’s error bodies', async () => {
    const wrongKey = await post(chat, 'sk-wrong');
    expect(wrongKey.status).toBe(401);
    const body = (await wrongKey.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body.error)).toEqual(
      Object.keys(fixtures.json('error-invalid-api-key.json').error as object),
    );
    expect(body.error.code).toBe('invalid_api_key');

    const schema = {
      type: 'object',
      properties: { text: { type: 'string', minLength: 1 } },
      required: ['text'],
      additionalProperties: false,
    };
    const strict = await post({
      ...chat,
      response_format: { type: 'json_schema', json_schema: { name: 'interview_plan', strict: true, schema } },
    });
    expect(strict.status).toBe(400);
    expect(await strict.json()).toEqual(fixtures.json('error-strict-schema.json'));
  });

  it('a verbose_json transcription has only the fields of OpenAI’s example', async () => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(32)], { type: 'audio/wav' }), 'a.wav');
    form.set('model', 'whisper-1');
    form.set('response_format', 'verbose_json');
    form.append('timestamp_granularities[]', 'word');
    const response = await fetch(`${fake.url}/v1/audio/transcriptions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-right' },
      body: form,
    });
    const reference = fixtures.json('transcription-verbose.json') as Record<string, unknown>;
    // OpenAI's example asked for words only; segments come with a segment granularity (same API page).
    const { segments: _segments, ...answer } = (await response.json()) as Record<string, unknown>;
    expect(shapeDifferences(answer, reference)).toEqual([]);
  });
});
