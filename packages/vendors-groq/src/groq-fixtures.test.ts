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
import { z } from 'zod';
import { createGroq } from './groq-provider.js';

/** Groq's examples and a recorded stream (see __fixtures__/README.md): our parser and the fake are both held to them. */
const fixtures = fixtureReader(new URL('./__fixtures__/', import.meta.url));
const user = (content: string) => [{ role: 'user' as const, content }];

describe('Groq fixtures: our parser reads Groq’s own answers', () => {
  let vendor: LoopbackServer;
  beforeAll(async () => {
    vendor = await startLoopbackServer();
    vendor.route('POST', '/openai/v1/chat/completions', (req, res) => {
      const body = JSON.parse(req.body.toString('utf8')) as {
        stream?: boolean;
        response_format?: { type: string };
      };
      if (body.response_format?.type === 'json_schema')
        return sendJson(res, 400, fixtures.json('error-json-schema-unsupported.json'));
      if (!body.stream) return sendJson(res, 200, fixtures.json('chat-completion.json'));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(fixtures.text('chat-completion-stream.txt'));
    });
  });
  afterAll(async () => {
    await vendor.close();
  });
  const groq = () => createGroq({ apiKey: 'gsk-fixture', baseURL: vendor.url });

  it('a chat completion: text, model, usage', async () => {
    expect(
      await groq()
        .llm()
        .complete({ messages: user('Hi') }),
    ).toMatchObject({
      text: 'Low latency LLMs are important because they enable real-time conversation.',
      model: 'llama-3.3-70b-versatile',
      usage: { inputTokens: 18, outputTokens: 556, totalTokens: 574 },
    });
  });

  it('a recorded stream: the deltas, and the usage of the last chunk', async () => {
    const parts = [];
    for await (const part of groq()
      .llm()
      .stream({ messages: user('Hi') }))
      parts.push(part);
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => p.delta)).toEqual([
      'Hello',
      ' World',
      '!',
    ]);
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      usage: { inputTokens: 38, outputTokens: 4, totalTokens: 42 },
    });
  });

  it('Groq’s 400 for json_schema is a bad_request naming the cause, not a repair', async () => {
    const output = { name: 'x', schema: z.object({ a: z.string() }) };
    await expect(
      groq()
        .llm('llama-3.3-70b-versatile', { structuredOutputs: 'json_schema' })
        .complete({ messages: user('JSON please'), output }),
    ).rejects.toMatchObject({
      kind: 'bad_request',
      status: 400,
      message: expect.stringContaining('does not support response format `json_schema`'),
    });
  });
});

describe('Groq fixtures: the fake answers in Groq’s shape', () => {
  let fake: OpenAiFake;
  beforeAll(async () => {
    fake = await startOpenAiFake();
  });
  afterAll(async () => {
    await fake.close();
  });
  const post = (body: Record<string, unknown>, key = 'Bearer gsk-1') =>
    fetch(`${fake.url}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: key },
      body: JSON.stringify({ model: 'llama-3.3-70b-versatile', messages: user('Hi'), ...body }),
    });

  it('a chat completion has only fields Groq sends, of the same types', async () => {
    expect(shapeDifferences(await (await post({})).json(), fixtures.json('chat-completion.json'))).toEqual(
      [],
    );
  });

  it('stream chunks have only the fields of Groq’s recorded chunks', async () => {
    const reference = sseDataChunks(fixtures.text('chat-completion-stream.txt'));
    const chunks = sseDataChunks(await (await post({ stream: true })).text());
    expect(shapeDifferences(chunks[0], reference[0])).toEqual([]);
    expect(shapeDifferences(chunks.at(-1), reference.at(-1))).toEqual([]);
  });

  it('json_schema on an unlisted model and a missing key answer with Groq’s bodies', async () => {
    const refused = await post({
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual(fixtures.json('error-json-schema-unsupported.json'));
    const noKey = await post({}, '');
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual(fixtures.json('error-invalid-api-key.json'));
  });
});
