import { InvalidOutputError, type LlmStreamPart } from '@bot-backend/interfaces';
import { sseResponse, startLoopbackServer, startOpenAiFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { GROQ_DEFAULT_CHAT_MODEL, groqStructuredOutputs } from './groq-models.js';
import { createGroq } from './groq-provider.js';

const user = (content: string) => [{ role: 'user' as const, content }];

describe('GroqLlm: what is Groq’s own, against the loopback fake', () => {
  const fake = useFake(() => startOpenAiFake());

  const groq = (settings: Partial<Parameters<typeof createGroq>[0]> = {}) =>
    createGroq({ apiKey: 'gsk-test', baseURL: fake.url, ...settings });
  const bodyOf = (index: number) => fake.chatRequests()[index]?.body;
  const messagesOf = (index: number) =>
    (bodyOf(index)?.messages ?? []) as { role: string; content: string }[];

  it('calls /openai/v1/chat/completions with Groq’s options and max_completion_tokens', async () => {
    fake.reply({ text: 'Hi from Groq', usage: { promptTokens: 8, completionTokens: 3 } });
    const llm = groq().llm(undefined, {
      serviceTier: 'flex',
      reasoningFormat: 'hidden',
      reasoningEffort: 'default',
      user: 'c-1',
    });
    expect(llm.modelId).toBe(GROQ_DEFAULT_CHAT_MODEL);
    const result = await llm.complete({ messages: user('Hi'), temperature: 0.4, maxTokens: 100 });
    expect(result).toMatchObject({
      text: 'Hi from Groq',
      usage: { inputTokens: 8, outputTokens: 3, totalTokens: 11 },
      provider: 'groq',
    });
    const [request] = fake.chatRequests();
    expect(request?.path).toBe('/openai/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer gsk-test');
    expect(request?.body).toEqual({
      model: GROQ_DEFAULT_CHAT_MODEL,
      messages: user('Hi'),
      temperature: 0.4,
      max_completion_tokens: 100,
      service_tier: 'flex',
      reasoning_format: 'hidden',
      reasoning_effort: 'default',
      user: 'c-1',
      stream: false,
    });
  });

  it('calls through the official groq-sdk, reading none of the GROQ_* variables it knows', async () => {
    const env = { GROQ_BASE_URL: 'http://127.0.0.1:9', GROQ_API_KEY: 'gsk-from-env', GROQ_LOG: 'debug' };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    await groq()
      .llm()
      .complete({ messages: user('Hi') })
      .finally(() => vi.unstubAllEnvs());
    expect(fake.chatRequests()[0]?.headers).toMatchObject({
      // groq-sdk client.ts getUserAgent(): `${constructor.name}/JS ${VERSION}`.
      'user-agent': expect.stringMatching(/^Groq\/JS /),
      authorization: 'Bearer gsk-test',
      // maxRetries: 0 (groq-sdk's default is 2): ours is the factory's retry policy.
      'x-stainless-retry-count': '0',
    });
  });

  it('takes a base URL that already names /openai/v1, as Groq’s OpenAI guide gives it', async () => {
    await groq({ baseURL: `${fake.url}/openai/v1/` })
      .llm()
      .complete({ messages: user('Hi') });
    expect(fake.chatRequests()[0]?.path).toBe('/openai/v1/chat/completions');
  });

  it('streams without stream_options and reads the usage Groq puts in x_groq', async () => {
    fake.reply({ text: 'Fast tokens here', usage: { promptTokens: 4, completionTokens: 3 } });
    let finish: LlmStreamPart | undefined;
    for await (const part of groq()
      .llm('llama-3.1-8b-instant')
      .stream({ messages: user('Go') }))
      finish = part;
    expect(finish).toMatchObject({
      type: 'finish',
      usage: { inputTokens: 4, outputTokens: 3, totalTokens: 7 },
    });
    // Groq has rejected stream_options before; usage comes in x_groq without it.
    expect(bodyOf(0)).not.toHaveProperty('stream_options');
  });

  describe('structured output by the catalogue', () => {
    const output = { name: 'topics', schema: z.object({ topics: z.array(z.string()).min(1) }) };

    // console.groq.com/docs/structured-outputs#supported-models
    it.each([
      ['openai/gpt-oss-20b', 'strict'],
      ['meta-llama/llama-4-scout-17b-16e-instruct', 'json_schema'],
      [GROQ_DEFAULT_CHAT_MODEL, 'json_object'],
      ['some-new-model', 'json_object'],
    ] as const)('%s: %s', (model, mode) => {
      expect(groqStructuredOutputs(model)).toBe(mode);
    });

    it('each model gets the response format Groq accepts from it', async () => {
      for (const model of ['openai/gpt-oss-120b', 'moonshotai/kimi-k2-instruct-0905', 'qwen/qwen3-32b']) {
        fake.reply({ json: { topics: ['kafka'] } });
        expect(
          (
            await groq()
              .llm(model)
              .complete({ messages: user('Topics?'), output })
          ).object,
        ).toEqual({
          topics: ['kafka'],
        });
      }
      expect(fake.rejections()).toEqual([]);
      const formats = fake.chatRequests().map((request) => request.body?.response_format);
      expect(formats[0]).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
      expect(formats[1]).toMatchObject({ type: 'json_schema', json_schema: { strict: false } });
      expect(formats[2]).toEqual({ type: 'json_object' });
      // In JSON mode the schema travels in the prompt, which also meets Groq's "must mention JSON" rule.
      expect(messagesOf(2)[0]).toMatchObject({
        role: 'system',
        content: expect.stringMatching(/JSON[\s\S]*"topics"/),
      });
    });

    it('treats json_validate_failed as an invalid attempt and repairs once with its failed_generation', async () => {
      fake.fail(400, {
        code: 'json_validate_failed',
        message: 'Failed to validate JSON',
        failedGeneration: '{"topics": []}',
      });
      fake.reply({ json: { topics: ['graphs'] } });
      const result = await groq()
        .llm()
        .complete({ messages: user('Topics?'), output });
      expect(result.object).toEqual({ topics: ['graphs'] });
      expect(messagesOf(1)[2]).toEqual({ role: 'assistant', content: '{"topics": []}' });
      expect(messagesOf(1)[3]?.content).toMatch(/topics: Too small/);
    });

    it('a second json_validate_failed ends in InvalidOutputError, not a bad request', async () => {
      fake.fail(400, { code: 'json_validate_failed', failedGeneration: 'not json' });
      fake.fail(400, { code: 'json_validate_failed', failedGeneration: '{"topics": 3}' });
      await expect(
        groq()
          .llm()
          .complete({ messages: user('Topics?'), output }),
      ).rejects.toSatisfy((error) => InvalidOutputError.isInstance(error) && error.text === '{"topics": 3}');
    });

    it('without a response format, json_validate_failed is a bad request', async () => {
      fake.fail(400, { code: 'json_validate_failed', failedGeneration: 'x' });
      await expect(
        groq()
          .llm()
          .complete({ messages: user('Hi') }),
      ).rejects.toMatchObject({ kind: 'bad_request' });
    });

    it('json_schema forced on a model Groq does not list is Groq’s 400, a bad request', async () => {
      const forced = groq().llm(GROQ_DEFAULT_CHAT_MODEL, { structuredOutputs: 'json_schema' });
      await expect(forced.complete({ messages: user('Topics?'), output })).rejects.toMatchObject({
        kind: 'bad_request',
        status: 400,
        message: expect.stringContaining('does not support response format `json_schema`'),
      });
    });
  });

  it('a 429 carries Groq’s name and its Retry-After, without a hidden retry', async () => {
    fake.fail(429, { retryAfterSec: 3 });
    await expect(
      groq()
        .llm()
        .complete({ messages: user('x') }),
    ).rejects.toMatchObject({
      kind: 'rate_limit',
      retryAfterMs: 3000,
      vendor: 'groq',
    });
    expect(fake.requests()).toHaveLength(1);
  });

  // groq-sdk keeps an error object inside a 200 stream as it is (core/streaming.ts), where an
  // error response's whole body is kept: both read the same.
  it('maps an error object inside a 200 stream by its code, after the deltas before it', async () => {
    const server = await startLoopbackServer();
    try {
      server.route('POST', '/openai/v1/chat/completions', (_req, res) => {
        const sse = sseResponse(res);
        sse.send({ data: { choices: [{ index: 0, delta: { content: 'Hi' } }] } });
        sse.send({ data: { error: { message: 'Slow down', type: 'tokens', code: 'rate_limit_exceeded' } } });
        sse.end();
      });
      const parts: LlmStreamPart[] = [];
      for await (const part of createGroq({ apiKey: 'gsk-test', baseURL: server.url })
        .llm()
        .stream({ messages: user('x') }))
        parts.push(part);
      expect(parts[0]).toEqual({ type: 'text-delta', delta: 'Hi' });
      expect(parts.at(-1)).toMatchObject({
        type: 'error',
        error: { kind: 'rate_limit', vendor: 'groq', message: 'groq: stream Slow down' },
      });
    } finally {
      await server.close();
    }
  });

  it('refuses settings without an API key, and settings it does not know', () => {
    expect(() => createGroq({ apiKey: '' })).toThrow(/apiKey/);
    expect(() => createGroq({ apiKey: 'gsk', name: 'x' } as never)).toThrow(/name/);
  });
});
