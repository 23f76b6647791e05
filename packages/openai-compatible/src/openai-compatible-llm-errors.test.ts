import { type LlmStreamPart, VendorError } from '@bot-backend/interfaces';
import { httpErrorCases, sseResponse, startLoopbackServer, startOpenAiFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { OpenAICompatibleLlm } from './openai-compatible-llm.js';
import { chatConfig, collect, deltas, rejection, user, waitFor } from './test-support.js';

describe('OpenAICompatibleLlm errors, cancellation and timeouts against the loopback fake', () => {
  const fake = useFake(() => startOpenAiFake({ models: ['local-model'] }));

  const llm = (timeoutMs?: number) =>
    new OpenAICompatibleLlm('local-model', chatConfig(fake.openaiBaseURL, { timeoutMs }));
  const complete = (signal?: AbortSignal) => llm().complete({ messages: user('x') }, { signal });

  describe('errors', () => {
    it('maps a refusal to content_filter, in complete() and in a stream', async () => {
      fake.reply({ refusal: 'I cannot help with that.' });
      expect(await rejection(complete())).toMatchObject({
        kind: 'content_filter',
        retryable: false,
        vendor: 'compat',
      });
      fake.reply({ refusal: 'No.' });
      const parts = await collect(llm().stream({ messages: user('x') }));
      expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'content_filter' }) }]);
    });

    it('maps a content_filter finish to content_filter, after the deltas sent before it', async () => {
      fake.reply({ text: 'partial', finishReason: 'content_filter' });
      expect(await rejection(complete())).toMatchObject({ kind: 'content_filter' });
      fake.reply({ text: 'partial words', finishReason: 'content_filter' });
      const parts = await collect(llm().stream({ messages: user('x') }));
      expect(deltas(parts)).toEqual(['partial', ' words']);
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'content_filter' } });
    });

    it('surfaces a 429 as rate_limit with the Retry-After delay, without a hidden retry', async () => {
      fake.fail(429, { retryAfterSec: 2, message: 'Rate limit reached' });
      const error = await rejection(complete());
      expect(VendorError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        kind: 'rate_limit',
        status: 429,
        retryAfterMs: 2000,
        retryable: true,
        message: 'compat: 429 Rate limit reached',
      });
      expect(fake.requests()).toHaveLength(1);
    });

    it('prefers retry-after-ms and reports it in a stream as an error part', async () => {
      fake.fail(429, { retryAfterMs: 350, retryAfterSec: 9 });
      const parts = await collect(llm().stream({ messages: user('x') }));
      expect(parts).toEqual([
        { type: 'error', error: expect.objectContaining({ kind: 'rate_limit', retryAfterMs: 350 }) },
      ]);
    });

    it.each(httpErrorCases)('maps HTTP $status to $kind', async ({ status, kind, retryable }) => {
      fake.fail(status);
      expect(await rejection(complete())).toMatchObject({ kind, status, retryable, vendor: 'compat' });
      expect(fake.requests()).toHaveLength(1);
    });

    it('never puts the failed generation of an error body into the message', async () => {
      fake.fail(400, { message: 'property x is unsupported', failedGeneration: 'secret model text' });
      const error = await rejection(complete());
      expect((error as Error).message).toBe('compat: 400 property x is unsupported');
    });

    // An error object inside a 200 stream (`data: {"error": …}`, openai core/streaming.ts), by its code.
    it.each([
      ['rate_limit_exceeded', 'rate_limit'],
      ['content_policy_violation', 'content_filter'],
      ['server_error', 'unavailable'],
    ])('maps an in-stream error with code %s to %s, after the deltas before it', async (code, kind) => {
      const server = await startLoopbackServer();
      try {
        server.route('POST', '/v1/chat/completions', (_req, res) => {
          const sse = sseResponse(res);
          sse.send({ data: { choices: [{ index: 0, delta: { content: 'Hi' } }] } });
          sse.send({ data: { error: { message: 'Stopped', code } } });
          sse.end();
        });
        const parts = await collect(
          new OpenAICompatibleLlm('local-model', chatConfig(`${server.url}/v1`)).stream({
            messages: user('x'),
          }),
        );
        expect(deltas(parts)).toEqual(['Hi']);
        expect(parts.at(-1)).toMatchObject({
          type: 'error',
          error: { kind, message: 'compat: stream Stopped' },
        });
      } finally {
        await server.close();
      }
    });

    it('maps a dropped connection to unavailable', async () => {
      fake.drop();
      expect(await rejection(complete())).toMatchObject({ kind: 'unavailable', retryable: true });
    });

    it('maps a reset mid-stream to unavailable, keeping exactly the deltas sent before it', async () => {
      fake.reply({ text: 'alpha beta gamma delta epsilon', resetAfterChunks: 3 });
      const parts = await collect(llm().stream({ messages: user('x') }));
      expect(deltas(parts)).toEqual(['alpha', ' beta', ' gamma']);
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'unavailable', retryable: true } });
      expect(parts.filter((p) => p.type === 'error' || p.type === 'finish')).toHaveLength(1);
    });

    it('maps a malformed SSE line to unavailable after the deltas before it, without quoting it', async () => {
      fake.reply({ text: 'alpha beta gamma', malformedAfterChunks: 2 });
      const parts = await collect(llm().stream({ messages: user('x') }));
      expect(deltas(parts)).toEqual(['alpha', ' beta']);
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'unavailable' } });
      expect(JSON.stringify(parts.at(-1))).not.toContain('chatcmpl-broken');
    });
  });

  describe('cancellation and timeouts', () => {
    it('aborting a stream closes the HTTP stream at the fake and ends with cancelled', async () => {
      fake.reply({ text: 'one two three four five six seven eight', tokenDelayMs: 40 });
      const controller = new AbortController();
      const parts: LlmStreamPart[] = [];
      for await (const part of llm().stream({ messages: user('x') }, { signal: controller.signal })) {
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
      for await (const part of llm().stream({ messages: user('x') })) {
        if (part.type === 'text-delta') break;
      }
      await waitFor(() => fake.openConnections() === 0);
      expect(fake.closedByClient()).toBe(1);
    });

    it('a stream read to its end and a finished complete() abort nothing; a stream left early does', async () => {
      // The SDK hands fetch a signal linked to the call's: aborted only when the call aborts.
      const signals: AbortSignal[] = [];
      const client = new OpenAI({
        apiKey: 'sk-test-key',
        baseURL: fake.openaiBaseURL,
        organization: null,
        project: null,
        maxRetries: 0,
        logLevel: 'off',
        fetch: (input, init) => {
          if (init?.signal) signals.push(init.signal);
          return fetch(input, init);
        },
      });
      const model = new OpenAICompatibleLlm('local-model', { ...chatConfig(fake.openaiBaseURL), client });
      fake.reply({ text: 'one two' });
      expect((await collect(model.stream({ messages: user('x') }))).at(-1)).toMatchObject({ type: 'finish' });
      fake.reply({ text: 'three' });
      expect((await model.complete({ messages: user('x') })).text).toBe('three');
      fake.reply({ text: 'four five six', tokenDelayMs: 40 });
      for await (const part of model.stream({ messages: user('x') })) if (part.type === 'text-delta') break;
      expect(signals.map((signal) => signal.aborted)).toEqual([false, false, true]);
    });

    it('aborting complete() tears down the request', async () => {
      fake.reply({ text: 'slow', firstTokenDelayMs: 5000 });
      const controller = new AbortController();
      const pending = complete(controller.signal);
      await waitFor(() => fake.openConnections() === 1);
      controller.abort();
      expect(await rejection(pending)).toMatchObject({ kind: 'cancelled' });
      await waitFor(() => fake.openConnections() === 0);
      expect(fake.closedByClient()).toBe(1);
    });

    it('an already-aborted signal sends nothing', async () => {
      expect(await rejection(complete(AbortSignal.abort()))).toMatchObject({ kind: 'cancelled' });
      expect(fake.requests()).toHaveLength(0);
    });

    it('gives up with timeout when no first byte arrives', async () => {
      fake.stall();
      expect(await rejection(llm(100).complete({ messages: user('x') }))).toMatchObject({
        kind: 'timeout',
        retryable: true,
      });
      await waitFor(() => fake.openConnections() === 0);
    });

    it('times out a stream whose first token is late, per call', async () => {
      fake.reply({ text: 'late', firstTokenDelayMs: 2000 });
      const parts = await collect(llm().stream({ messages: user('x') }, { timeoutMs: 80 }));
      expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'timeout' }) }]);
      await waitFor(() => fake.openConnections() === 0);
    });

    it('does not time out a slow stream once the first token arrived', async () => {
      // Gaps longer than the timeout, and a timeout a loaded machine's first byte still meets.
      fake.reply({ text: 'a b c', tokenDelayMs: 700 });
      const parts = await collect(llm(600).stream({ messages: user('x') }));
      expect(deltas(parts).join('')).toBe('a b c');
      expect(parts.at(-1)?.type).toBe('finish');
    });
  });
});
