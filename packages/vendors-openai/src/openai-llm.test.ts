import { InvalidOutputError, type LlmStreamPart, VendorError } from '@bot-backend/interfaces';
import { type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPENAI_DEFAULT_CHAT_MODEL } from './openai-models.js';
import { createOpenAI } from './openai-provider.js';

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

describe('OpenAILlm against the loopback fake', () => {
  let fake: OpenAiFake;
  beforeEach(async () => {
    // The ids a compatible server (Ollama, vLLM) would serve besides OpenAI's own.
    fake = await startOpenAiFake({ models: ['llama3', 'llama3.2', 'qwen2.5', 'local'] });
  });
  afterEach(async () => {
    await fake.close();
  });

  const messagesOf = (index: number) =>
    (fake.chatRequests()[index]?.body?.messages ?? []) as { role: string; content: string }[];

  const provider = (settings: Partial<Parameters<typeof createOpenAI>[0]> = {}) =>
    createOpenAI({ apiKey: 'sk-test-key', baseURL: fake.openaiBaseURL, ...settings });

  it('sends every request option to the wire and parses the answer', async () => {
    fake.reply({
      text: 'Hello there',
      usage: { promptTokens: 11, completionTokens: 2 },
      model: 'gpt-4o-mini-2024',
    });
    const llm = provider({ organization: 'org-1', project: 'proj-1' }).llm('gpt-4o-mini', {
      user: 'candidate-7',
      maxTokensParameter: 'max_completion_tokens',
    });
    const result = await llm.complete({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      temperature: 0.3,
      maxTokens: 64,
      stop: ['END'],
      seed: 7,
    });

    expect(result).toMatchObject({
      text: 'Hello there',
      usage: { inputTokens: 11, outputTokens: 2, totalTokens: 13 },
      finishReason: 'stop',
      model: 'gpt-4o-mini-2024',
      provider: 'openai',
      warnings: [],
    });
    const [request] = fake.chatRequests();
    expect(fake.chatRequests()).toHaveLength(1);
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test-key');
    expect(request?.headers['openai-organization']).toBe('org-1');
    expect(request?.headers['openai-project']).toBe('proj-1');
    expect(request?.headers['x-stainless-retry-count']).toBe('0');
    expect(request?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      temperature: 0.3,
      max_completion_tokens: 64,
      stop: ['END'],
      seed: 7,
      user: 'candidate-7',
      stream: false,
    });
  });

  it('uses max_tokens for compatible servers and the settings default model', async () => {
    const llm = provider({ defaultModel: 'llama3.2', name: 'ollama' }).llm();
    const result = await llm.complete({ messages: user('Hi'), maxTokens: 32 });
    expect(result.provider).toBe('ollama');
    expect(llm.modelId).toBe('llama3.2');
    expect(fake.chatRequests()[0]?.body).toMatchObject({ model: 'llama3.2', max_tokens: 32 });
    expect(fake.chatRequests()[0]?.body).not.toHaveProperty('max_completion_tokens');
  });

  it('serves a custom baseURL path prefix (any OpenAI-compatible server)', async () => {
    fake.reply('From behind a proxy');
    const llm = provider({ baseURL: `${fake.url}/proxy/llm/v1/` }).llm('qwen2.5');
    const result = await llm.complete({ messages: user('Hi') });
    expect(result.text).toBe('From behind a proxy');
    expect(fake.chatRequests()[0]?.path).toBe('/proxy/llm/v1/chat/completions');
  });

  it('warns about options a reasoning model cannot honour instead of dropping them silently', async () => {
    const llm = provider().llm('o4-mini', { reasoningEffort: 'low' });
    const result = await llm.complete({
      messages: user('Hi'),
      temperature: 0.5,
      stop: ['a', 'b', 'c', 'd', 'e'],
    });
    expect(result.warnings).toEqual([
      'temperature is not supported by o4-mini; it was not sent',
      'only the first 4 stop sequences were sent',
    ]);
    const body = fake.chatRequests()[0]?.body;
    expect(body).not.toHaveProperty('temperature');
    expect(body).toMatchObject({ reasoning_effort: 'low', stop: ['a', 'b', 'c', 'd'] });
  });

  it('maps finish reasons', async () => {
    fake.reply({ text: 'cut', finishReason: 'length' });
    const result = await provider()
      .llm()
      .complete({ messages: user('Hi') });
    expect(result.finishReason).toBe('length');
  });

  it('streams deltas, asks for usage, and ends with one finish part', async () => {
    fake.reply({ text: 'One two three four', usage: { promptTokens: 5, completionTokens: 4 } });
    const parts = await collect(
      provider()
        .llm()
        .stream({ messages: user('Count'), temperature: 0 }),
    );
    expect(deltas(parts)).toEqual(['One', ' two', ' three', ' four']);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      usage: { inputTokens: 5, outputTokens: 4, totalTokens: 9 },
      finishReason: 'stop',
      model: OPENAI_DEFAULT_CHAT_MODEL,
      provider: 'openai',
    });
    expect(parts.filter((p) => p.type === 'finish')).toHaveLength(1);
    expect(fake.chatRequests()[0]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
    });
  });

  it('can leave stream_options out for servers that reject it', async () => {
    const parts = await collect(
      provider()
        .llm('local', { streamUsage: false })
        .stream({ messages: user('Hi') }),
    );
    expect(parts.at(-1)?.type).toBe('finish');
    expect(fake.chatRequests()[0]?.body).not.toHaveProperty('stream_options');
  });

  describe('structured output', () => {
    const schema = z.object({ score: z.number().int().min(0).max(10), feedback: z.string() });
    const output = { name: 'grade', schema };

    it('sends a strict JSON schema response format and returns the validated object', async () => {
      fake.reply({ json: { score: 7, feedback: 'Solid.' } });
      const result = await provider()
        .llm()
        .complete({ messages: user('Grade it'), output });
      expect(result.object).toEqual({ score: 7, feedback: 'Solid.' });
      const format = fake.chatRequests()[0]?.body?.response_format as Record<string, unknown>;
      expect(format).toMatchObject({
        type: 'json_schema',
        json_schema: {
          name: 'grade',
          strict: true,
          schema: {
            type: 'object',
            properties: { score: { type: 'integer' }, feedback: { type: 'string' } },
            required: ['score', 'feedback'],
            additionalProperties: false,
          },
        },
      });
    });

    it('makes one repair attempt listing the problems, then succeeds', async () => {
      fake.reply({
        json: { score: 42, feedback: 'Too generous' },
        usage: { promptTokens: 10, completionTokens: 5 },
      });
      fake.reply({ json: { score: 9, feedback: 'Fixed' }, usage: { promptTokens: 20, completionTokens: 4 } });
      const result = await provider()
        .llm()
        .complete({ messages: user('Grade it'), output });
      expect(result.object).toEqual({ score: 9, feedback: 'Fixed' });
      expect(result.usage).toEqual({ inputTokens: 30, outputTokens: 9, totalTokens: 39 });
      const requests = fake.chatRequests();
      expect(requests).toHaveLength(2);
      const repairMessages = messagesOf(1);
      expect(repairMessages.slice(0, 1)).toEqual([{ role: 'user', content: 'Grade it' }]);
      expect(repairMessages[1]).toEqual({
        role: 'assistant',
        content: '{"score":42,"feedback":"Too generous"}',
      });
      expect(repairMessages[2]?.role).toBe('user');
      expect(repairMessages[2]?.content).toMatch(/score: Too big/);
      expect(requests[1]?.body?.response_format).toEqual(requests[0]?.body?.response_format);
    });

    it('throws InvalidOutputError after the repair also fails', async () => {
      fake.reply('not json at all');
      fake.reply({ json: { score: 'ten' } });
      const error = await rejection(
        provider()
          .llm()
          .complete({ messages: user('Grade it'), output }),
      );
      expect(InvalidOutputError.isInstance(error)).toBe(true);
      const invalid = error as InvalidOutputError;
      expect(invalid.provider).toBe('openai');
      expect(invalid.text).toBe('{"score":"ten"}');
      expect(invalid.issues.join('\n')).toMatch(/score/);
      expect(invalid.issues.join('\n')).toMatch(/feedback/);
      expect(fake.chatRequests()).toHaveLength(2);
      expect(messagesOf(1)[2]?.content).toMatch(/not valid JSON/);
    });

    // OpenAI's strict mode refuses minLength/maxLength ("'minLength' is not permitted"):
    // they leave the wire schema, and zod still holds the answer to them.
    it('keeps length limits out of the strict schema and enforces them with zod and one repair', async () => {
      const limited = { name: 'note', schema: z.object({ text: z.string().min(5).max(20) }) };
      fake.reply({ json: { text: 'tiny' } });
      fake.reply({ json: { text: 'long enough' } });
      const result = await provider()
        .llm()
        .complete({ messages: user('Write a note'), output: limited });
      expect(fake.rejections()).toEqual([]);
      expect(result.object).toEqual({ text: 'long enough' });
      const format = fake.chatRequests()[0]?.body?.response_format as {
        json_schema: { strict: boolean; schema: unknown };
      };
      expect(format.json_schema.strict).toBe(true);
      expect(JSON.stringify(format.json_schema.schema)).not.toMatch(/minLength|maxLength/);
      expect(messagesOf(1).at(-1)?.content).toMatch(/text: Too small/);
    });

    it('falls back to json_object with the schema in the prompt when asked', async () => {
      fake.reply({ json: { score: 3, feedback: 'Thin.' } });
      const result = await provider()
        .llm('llama3', { structuredOutputs: 'json_object' })
        .complete({ messages: user('Grade it'), output });
      expect(result.object).toEqual({ score: 3, feedback: 'Thin.' });
      const body = fake.chatRequests()[0]?.body;
      expect(body?.response_format).toEqual({ type: 'json_object' });
      const [system] = messagesOf(0);
      expect(system?.role).toBe('system');
      expect(system?.content).toContain('"feedback"');
    });
  });

  describe('errors', () => {
    it('maps a refusal to content_filter', async () => {
      fake.reply({ refusal: 'I cannot help with that.' });
      const error = await rejection(
        provider()
          .llm()
          .complete({ messages: user('x') }),
      );
      expect(error).toMatchObject({ kind: 'content_filter', retryable: false, vendor: 'openai' });
      fake.reply({ refusal: 'No.' });
      const parts = await collect(
        provider()
          .llm()
          .stream({ messages: user('x') }),
      );
      expect(parts).toHaveLength(1);
      expect(parts[0]).toMatchObject({ type: 'error', error: { kind: 'content_filter' } });
    });

    it('maps a content_filter finish to content_filter', async () => {
      fake.reply({ text: 'partial', finishReason: 'content_filter' });
      const error = await rejection(
        provider()
          .llm()
          .complete({ messages: user('x') }),
      );
      expect(error).toMatchObject({ kind: 'content_filter' });
      fake.reply({ text: 'partial words', finishReason: 'content_filter' });
      const parts = await collect(
        provider()
          .llm()
          .stream({ messages: user('x') }),
      );
      expect(deltas(parts)).toEqual(['partial', ' words']);
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'content_filter' } });
    });

    it('surfaces a 429 as rate_limit with the Retry-After delay, without a hidden retry', async () => {
      fake.fail(429, { retryAfterSec: 2 });
      const error = await rejection(
        provider()
          .llm()
          .complete({ messages: user('x') }),
      );
      expect(VendorError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 2000, retryable: true });
      expect(fake.requests()).toHaveLength(1);
    });

    it('prefers retry-after-ms and reports it in a stream as an error part', async () => {
      fake.fail(429, { retryAfterMs: 350, retryAfterSec: 9 });
      const parts = await collect(
        provider()
          .llm()
          .stream({ messages: user('x') }),
      );
      expect(parts).toEqual([
        { type: 'error', error: expect.objectContaining({ kind: 'rate_limit', retryAfterMs: 350 }) },
      ]);
    });

    it.each([
      [401, 'auth', false],
      [403, 'auth', false],
      [400, 'bad_request', false],
      [404, 'bad_request', false],
      [422, 'bad_request', false],
      [500, 'unavailable', true],
      [503, 'unavailable', true],
    ] as const)('maps HTTP %i to %s', async (status, kind, retryable) => {
      fake.fail(status);
      const error = await rejection(
        provider()
          .llm()
          .complete({ messages: user('x') }),
      );
      expect(error).toMatchObject({ kind, status, retryable, vendor: 'openai' });
      expect(fake.requests()).toHaveLength(1);
    });

    it('maps a dropped connection to unavailable', async () => {
      fake.drop();
      const error = await rejection(
        provider()
          .llm()
          .complete({ messages: user('x') }),
      );
      expect(error).toMatchObject({ kind: 'unavailable', retryable: true });
    });

    it('maps a reset mid-stream to unavailable, keeping exactly the deltas sent before it', async () => {
      fake.reply({ text: 'alpha beta gamma delta epsilon', resetAfterChunks: 3 });
      const parts = await collect(
        provider()
          .llm()
          .stream({ messages: user('x') }),
      );
      expect(deltas(parts)).toEqual(['alpha', ' beta', ' gamma']);
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'unavailable', retryable: true } });
      expect(parts.filter((p) => p.type === 'error' || p.type === 'finish')).toHaveLength(1);
    });

    it('maps a malformed SSE line to unavailable after the deltas before it', async () => {
      fake.reply({ text: 'alpha beta gamma', malformedAfterChunks: 2 });
      const parts = await collect(
        provider()
          .llm()
          .stream({ messages: user('x') }),
      );
      expect(deltas(parts)).toEqual(['alpha', ' beta']);
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'unavailable' } });
      // The model's text never lands in the error message.
      expect(JSON.stringify(parts.at(-1))).not.toContain('chatcmpl-broken');
    });
  });

  describe('cancellation and timeouts', () => {
    it('aborting a stream closes the HTTP stream at the fake and ends with cancelled', async () => {
      fake.reply({ text: 'one two three four five six seven eight', tokenDelayMs: 40 });
      const controller = new AbortController();
      const parts: LlmStreamPart[] = [];
      for await (const part of provider()
        .llm()
        .stream({ messages: user('x') }, { signal: controller.signal })) {
        parts.push(part);
        if (part.type === 'text-delta' && parts.length === 2) controller.abort();
      }
      expect(deltas(parts)).toEqual(['one', ' two']);
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'cancelled', retryable: false } });
      await waitFor(() => fake.openConnections() === 0);
      expect(fake.closedByClient()).toBe(1);
    });

    it('breaking out of the stream also closes the HTTP stream', async () => {
      fake.reply({ text: 'one two three four five six', tokenDelayMs: 40 });
      for await (const part of provider()
        .llm()
        .stream({ messages: user('x') })) {
        if (part.type === 'text-delta') break;
      }
      await waitFor(() => fake.openConnections() === 0);
      expect(fake.closedByClient()).toBe(1);
    });

    it('aborting complete() tears down the request', async () => {
      fake.reply({ text: 'slow', firstTokenDelayMs: 5000 });
      const controller = new AbortController();
      const pending = provider()
        .llm()
        .complete({ messages: user('x') }, { signal: controller.signal });
      await waitFor(() => fake.openConnections() === 1);
      controller.abort();
      expect(await rejection(pending)).toMatchObject({ kind: 'cancelled' });
      await waitFor(() => fake.openConnections() === 0);
      expect(fake.closedByClient()).toBe(1);
    });

    it('an already-aborted signal sends nothing', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await rejection(
        provider()
          .llm()
          .complete({ messages: user('x') }, { signal: controller.signal }),
      );
      expect(error).toMatchObject({ kind: 'cancelled' });
      expect(fake.requests()).toHaveLength(0);
    });

    it('gives up with timeout when no first byte arrives', async () => {
      fake.stall();
      const error = await rejection(
        provider({ timeoutMs: 100 })
          .llm()
          .complete({ messages: user('x') }),
      );
      expect(error).toMatchObject({ kind: 'timeout', retryable: true });
      await waitFor(() => fake.openConnections() === 0);
    });

    it('times out a stream whose first token is late, per call', async () => {
      fake.reply({ text: 'late', firstTokenDelayMs: 2000 });
      const parts = await collect(
        provider()
          .llm()
          .stream({ messages: user('x') }, { timeoutMs: 80 }),
      );
      expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'timeout' }) }]);
      await waitFor(() => fake.openConnections() === 0);
    });

    it('does not time out a slow stream once the first token arrived', async () => {
      fake.reply({ text: 'a b c d', tokenDelayMs: 60 });
      const parts = await collect(
        provider({ timeoutMs: 100 })
          .llm()
          .stream({ messages: user('x') }),
      );
      expect(deltas(parts).join('')).toBe('a b c d');
      expect(parts.at(-1)?.type).toBe('finish');
    });
  });

  it('rejects settings without an API key, naming the field', () => {
    expect(() => createOpenAI({ apiKey: '' })).toThrow(/apiKey/);
  });
});
