import { InvalidOutputError, type LlmStreamPart } from '@bot-backend/interfaces';
import { type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GROQ_DEFAULT_CHAT_MODEL } from './groq-models.js';
import { createGroq } from './groq-provider.js';

const SCHEMA_MODEL = 'meta-llama/llama-4-scout-17b-16e-instruct';

async function collect(parts: AsyncIterable<LlmStreamPart>): Promise<LlmStreamPart[]> {
  const out: LlmStreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const deltas = (parts: LlmStreamPart[]) =>
  parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : []));

const user = (content: string) => [{ role: 'user' as const, content }];

describe('GroqLlm against the loopback fake', () => {
  let fake: OpenAiFake;
  beforeEach(async () => {
    fake = await startOpenAiFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  const groq = (settings: Partial<Parameters<typeof createGroq>[0]> = {}) =>
    createGroq({ apiKey: 'gsk-test', baseURL: fake.url, ...settings });
  const messagesOf = (index: number) =>
    (fake.chatRequests()[index]?.body?.messages ?? []) as { role: string; content: string }[];

  it('calls /openai/v1/chat/completions with every option and parses the answer', async () => {
    fake.reply({ text: 'Hi from Groq', usage: { promptTokens: 8, completionTokens: 3 } });
    const llm = groq().llm(undefined, { serviceTier: 'flex', reasoningFormat: 'hidden', user: 'c-1' });
    expect(llm.modelId).toBe('llama-3.3-70b-versatile');
    const result = await llm.complete({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      temperature: 0.4,
      maxTokens: 100,
      stop: ['\n\n'],
      seed: 3,
    });
    expect(result).toMatchObject({
      text: 'Hi from Groq',
      usage: { inputTokens: 8, outputTokens: 3, totalTokens: 11 },
      finishReason: 'stop',
      model: 'llama-3.3-70b-versatile',
      provider: 'groq',
    });
    const [request] = fake.chatRequests();
    expect(request?.path).toBe('/openai/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer gsk-test');
    expect(request?.headers['x-stainless-retry-count']).toBe('0');
    expect(request?.body).toEqual({
      model: 'llama-3.3-70b-versatile',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      temperature: 0.4,
      max_completion_tokens: 100,
      stop: ['\n\n'],
      seed: 3,
      service_tier: 'flex',
      reasoning_format: 'hidden',
      user: 'c-1',
      stream: false,
    });
  });

  it('streams deltas and reads the usage Groq puts in x_groq', async () => {
    fake.reply({ text: 'Fast tokens here', usage: { promptTokens: 4, completionTokens: 3 } });
    const parts = await collect(
      groq()
        .llm('llama-3.1-8b-instant')
        .stream({ messages: user('Go') }),
    );
    expect(deltas(parts)).toEqual(['Fast', ' tokens', ' here']);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      usage: { inputTokens: 4, outputTokens: 3, totalTokens: 7 },
      finishReason: 'stop',
      model: 'llama-3.1-8b-instant',
      provider: 'groq',
    });
    const body = fake.chatRequests()[0]?.body;
    expect(body).toMatchObject({ stream: true, model: 'llama-3.1-8b-instant' });
    // Groq has rejected stream_options before; usage comes in x_groq without it.
    expect(body).not.toHaveProperty('stream_options');
  });

  describe('structured output', () => {
    const schema = z.object({ topics: z.array(z.string()).min(1) });
    const output = { name: 'topics', description: 'Interview topics', schema };

    it('sends a json_schema response format to a model Groq lists for it, and validates the answer', async () => {
      fake.reply({ json: { topics: ['kafka', 'sql'] } });
      const result = await groq()
        .llm(SCHEMA_MODEL)
        .complete({ messages: user('Topics?'), output });
      expect(result.object).toEqual({ topics: ['kafka', 'sql'] });
      expect(fake.chatRequests()[0]?.body?.response_format).toMatchObject({
        type: 'json_schema',
        json_schema: {
          name: 'topics',
          description: 'Interview topics',
          strict: false,
          schema: { type: 'object', required: ['topics'], properties: { topics: { type: 'array' } } },
        },
      });
    });

    it('treats json_validate_failed as an invalid attempt and repairs once', async () => {
      fake.fail(400, {
        code: 'json_validate_failed',
        message: 'Failed to validate JSON',
        failedGeneration: '{"topics": []}',
      });
      fake.reply({ json: { topics: ['graphs'] } });
      const result = await groq()
        .llm(SCHEMA_MODEL)
        .complete({ messages: user('Topics?'), output });
      expect(result.object).toEqual({ topics: ['graphs'] });
      expect(messagesOf(1)[1]).toEqual({ role: 'assistant', content: '{"topics": []}' });
      expect(messagesOf(1)[2]?.content).toMatch(/topics: Too small/);
    });

    // Groq lists llama-3.3-70b-versatile (the default) for JSON mode, not json_schema:
    // the strict fake answers json_schema there with Groq's 400.
    it('uses JSON mode for the default model, which Groq does not list for json_schema', async () => {
      fake.reply({ json: { topics: ['queues'] } });
      const result = await groq()
        .llm()
        .complete({ messages: user('Topics?'), output });
      expect(fake.rejections()).toEqual([]);
      expect(result.object).toEqual({ topics: ['queues'] });
      const body = fake.chatRequests()[0]?.body;
      expect(body?.model).toBe(GROQ_DEFAULT_CHAT_MODEL);
      expect(body?.response_format).toEqual({ type: 'json_object' });
      // The schema travels in the prompt, which also satisfies Groq's "must mention JSON" rule.
      expect(messagesOf(0)[0]).toMatchObject({
        role: 'system',
        content: expect.stringMatching(/JSON[\s\S]*"topics"/),
      });
    });

    it('in JSON mode, validates with zod and repairs once', async () => {
      fake.reply({ json: { topics: [] } });
      fake.reply({ json: { topics: ['caching'] } });
      const result = await groq()
        .llm('llama-3.1-8b-instant')
        .complete({ messages: user('Topics?'), output });
      expect(result.object).toEqual({ topics: ['caching'] });
      expect(fake.chatRequests()).toHaveLength(2);
      expect(fake.chatRequests()[1]?.body?.response_format).toEqual({ type: 'json_object' });
      expect(messagesOf(1).at(-1)?.content).toMatch(/topics: Too small/);
    });

    it('the strict fake refuses json_schema on a model Groq does not list, as Groq does', async () => {
      await rejection(
        groq()
          .llm(GROQ_DEFAULT_CHAT_MODEL, { structuredOutputs: 'json_schema' })
          .complete({ messages: user('Topics?'), output }),
      );
      expect(fake.rejections()[0]).toMatchObject({
        status: 400,
        body: { error: { message: expect.stringMatching(/does not support response format `json_schema`/) } },
      });
    });

    it('throws InvalidOutputError when the repair fails too', async () => {
      fake.reply({ json: { wrong: true } });
      fake.reply('still not json');
      const error = await rejection(
        groq()
          .llm()
          .complete({ messages: user('Topics?'), output }),
      );
      expect(InvalidOutputError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        provider: 'groq',
        text: 'still not json',
        issues: ['the reply is not valid JSON'],
      });
    });
  });

  describe('errors', () => {
    it('surfaces a 429 as rate_limit with the Retry-After delay, without a hidden retry', async () => {
      fake.fail(429, { retryAfterSec: 3 });
      const error = await rejection(
        groq()
          .llm()
          .complete({ messages: user('x') }),
      );
      expect(error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 3000, vendor: 'groq' });
      expect(fake.requests()).toHaveLength(1);
    });

    it('reads the message from the body Groq keeps whole, and leaves failed generations out', async () => {
      fake.fail(400, { message: 'property x is unsupported', failedGeneration: 'secret model text' });
      const error = await rejection(
        groq()
          .llm()
          .complete({ messages: user('x') }),
      );
      expect(error).toMatchObject({ kind: 'bad_request', status: 400 });
      expect((error as Error).message).toBe('groq: 400 property x is unsupported');
    });

    it.each([
      [401, 'auth'],
      [403, 'auth'],
      [500, 'unavailable'],
      [503, 'unavailable'],
    ] as const)('maps HTTP %i to %s', async (status, kind) => {
      fake.fail(status);
      const parts = await collect(
        groq()
          .llm()
          .stream({ messages: user('x') }),
      );
      expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ kind, status }) }]);
    });

    it('maps a reset mid-stream to unavailable, keeping exactly the deltas sent before it', async () => {
      fake.reply({ text: 'a b c d e f', resetAfterChunks: 4 });
      const parts = await collect(
        groq()
          .llm()
          .stream({ messages: user('x') }),
      );
      expect(deltas(parts)).toEqual(['a', ' b', ' c', ' d']);
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'unavailable' } });
    });

    it('maps a malformed SSE line to unavailable', async () => {
      fake.reply({ text: 'a b c', malformedAfterChunks: 1 });
      const parts = await collect(
        groq()
          .llm()
          .stream({ messages: user('x') }),
      );
      expect(deltas(parts)).toEqual(['a']);
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'unavailable' } });
    });
  });

  describe('cancellation and timeouts', () => {
    it('aborting a stream closes the HTTP stream at the fake', async () => {
      fake.reply({ text: 'one two three four five six', tokenDelayMs: 40 });
      const controller = new AbortController();
      const parts: LlmStreamPart[] = [];
      for await (const part of groq()
        .llm()
        .stream({ messages: user('x') }, { signal: controller.signal })) {
        parts.push(part);
        if (part.type === 'text-delta') controller.abort();
      }
      expect(deltas(parts)).toEqual(['one']);
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'cancelled' } });
      await waitFor(() => fake.openConnections() === 0);
      expect(fake.closedByClient()).toBe(1);
    });

    it('gives up with timeout when no first byte arrives', async () => {
      fake.stall();
      const error = await rejection(
        groq({ timeoutMs: 80 })
          .llm()
          .complete({ messages: user('x') }),
      );
      expect(error).toMatchObject({ kind: 'timeout', retryable: true });
      await waitFor(() => fake.openConnections() === 0);
    });
  });

  it('rejects settings without an API key', () => {
    expect(() => createGroq({ apiKey: '' })).toThrow(/apiKey/);
  });
});
