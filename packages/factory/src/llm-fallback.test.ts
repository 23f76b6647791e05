import type { LlmStreamPart } from '@bot-backend/interfaces';
import { type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { createGroq } from '@bot-backend/vendors-groq';
import { createOpenAI } from '@bot-backend/vendors-openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFallbackLlm, type LlmChainEvent, type LlmFallbackOptions } from './llm-fallback.js';

async function collect(parts: AsyncIterable<LlmStreamPart>): Promise<LlmStreamPart[]> {
  const out: LlmStreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
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

describe('createFallbackLlm over OpenAI and Groq (real SDKs, loopback fakes)', () => {
  let openaiFake: OpenAiFake;
  let groqFake: OpenAiFake;
  let events: LlmChainEvent[];
  beforeEach(async () => {
    [openaiFake, groqFake] = await Promise.all([startOpenAiFake(), startOpenAiFake()]);
    events = [];
  });
  afterEach(async () => {
    await Promise.all([openaiFake.close(), groqFake.close()]);
  });

  const chain = (options: LlmFallbackOptions = {}) =>
    createFallbackLlm(
      [
        createOpenAI({ apiKey: 'sk-1', baseURL: openaiFake.openaiBaseURL }).llm('gpt-4o-mini'),
        createGroq({ apiKey: 'gsk-1', baseURL: groqFake.url }).llm(),
      ],
      { maxRetries: 0, onEvent: (event) => events.push(event), ...options },
    );

  it('names itself after its members', () => {
    const llm = chain();
    expect(llm.provider).toBe('fallback(openai,groq)');
    expect(llm.modelId).toBe('gpt-4o-mini');
    expect(llm.capabilities).toEqual({ streaming: true, structuredOutput: true });
  });

  it('serves complete() from the next provider when the first returns 503', async () => {
    openaiFake.fail(503);
    groqFake.reply('Groq took it');
    const result = await chain().complete({ messages: user('Hi') });
    expect(result).toMatchObject({
      text: 'Groq took it',
      provider: 'groq',
      model: 'llama-3.3-70b-versatile',
    });
    expect(openaiFake.chatRequests()).toHaveLength(1);
    expect(groqFake.chatRequests()).toHaveLength(1);
    expect(groqFake.chatRequests()[0]?.body?.messages).toEqual(user('Hi'));
    expect(events).toEqual([
      {
        type: 'fallback',
        capability: 'llm',
        provider: 'openai',
        from: 'openai',
        to: 'groq',
        reason: 'unavailable',
      },
    ]);
  });

  it('serves a stream from the next provider when the first returns 503 before any token', async () => {
    openaiFake.fail(503);
    groqFake.reply('streamed by groq');
    const parts = await collect(chain().stream({ messages: user('Hi') }));
    expect(deltas(parts).join('')).toBe('streamed by groq');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', provider: 'groq' });
    expect(parts.some((part) => part.type === 'error')).toBe(false);
    expect(events.filter((e) => e.type === 'fallback')).toHaveLength(1);
  });

  it('does not switch after the first token: the failure is surfaced, never restarted', async () => {
    openaiFake.reply({ text: 'first second third fourth', resetAfterChunks: 2 });
    const parts = await collect(chain().stream({ messages: user('Hi') }));
    expect(deltas(parts)).toEqual(['first', ' second']);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'unavailable', vendor: 'openai' } });
    expect(groqFake.chatRequests()).toHaveLength(0);
    expect(events.filter((e) => e.type === 'fallback')).toEqual([]);
  });

  it('a stream that times out before its first token moves on', async () => {
    openaiFake.stall();
    groqFake.reply('rescued');
    // The timeout is each member's; Groq's fake must answer within it on a loaded machine.
    const parts = await collect(chain().stream({ messages: user('Hi') }, { timeoutMs: 1000 }));
    expect(deltas(parts).join('')).toBe('rescued');
    expect(events).toContainEqual({
      type: 'fallback',
      capability: 'llm',
      provider: 'openai',
      from: 'openai',
      to: 'groq',
      reason: 'timeout',
    });
  });

  it('retries the same provider honouring Retry-After before moving on', async () => {
    openaiFake.fail(429, { retryAfterMs: 40 });
    openaiFake.reply('second try worked');
    const result = await chain({ maxRetries: 1 }).complete({ messages: user('Hi') });
    expect(result).toMatchObject({ text: 'second try worked', provider: 'openai' });
    expect(openaiFake.chatRequests()).toHaveLength(2);
    expect(groqFake.chatRequests()).toHaveLength(0);
    expect(events).toEqual([
      { type: 'retry', capability: 'llm', provider: 'openai', attempt: 1, delayMs: 40, reason: 'rate_limit' },
    ]);
  });

  it('an abort during the retry wait ends the request as cancelled, with no further attempt', async () => {
    openaiFake.fail(503, { retryAfterMs: 1500 });
    const controller = new AbortController();
    // Abort once the chain has said it waits, however slow the first answer was on a loaded machine.
    const onEvent = (event: LlmChainEvent) => {
      events.push(event);
      if (event.type === 'retry') controller.abort();
    };
    const parts = chain({ maxRetries: 1, onEvent }).stream(
      { messages: user('Hi') },
      { signal: controller.signal },
    );
    const collected = await collect(parts);
    expect(collected).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'cancelled' }) }]);
    expect(openaiFake.chatRequests()).toHaveLength(1);
    expect(groqFake.chatRequests()).toHaveLength(0);
    expect(events.map((e) => e.type)).toEqual(['retry']);
  });

  it('skips a retry whose Retry-After is beyond the bound and moves on at once', async () => {
    openaiFake.fail(429, { retryAfterSec: 60 });
    const parts = await collect(
      chain({ maxRetries: 2, maxRetryDelayMs: 1000 }).stream({ messages: user('Hi') }),
    );
    expect(parts.at(-1)).toMatchObject({ type: 'finish', provider: 'groq' });
    expect(openaiFake.chatRequests()).toHaveLength(1);
    expect(events).toEqual([
      {
        type: 'fallback',
        capability: 'llm',
        provider: 'openai',
        from: 'openai',
        to: 'groq',
        reason: 'rate_limit',
      },
    ]);
  });

  it('surfaces a non-retryable failure without switching', async () => {
    openaiFake.fail(401);
    const error = await rejection(chain().complete({ messages: user('Hi') }));
    expect(error).toMatchObject({ kind: 'auth', vendor: 'openai' });
    expect(groqFake.chatRequests()).toHaveLength(0);
    expect(events).toEqual([]);
  });

  it('surfaces the last failure when every provider fails', async () => {
    openaiFake.fail(503);
    groqFake.fail(500);
    const parts = await collect(chain().stream({ messages: user('Hi') }));
    expect(parts).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'unavailable', vendor: 'groq' }) },
    ]);
  });

  it('passes structured output through and validates at the provider that answered', async () => {
    openaiFake.fail(500);
    groqFake.reply({ json: { ok: true } });
    const result = await chain().complete({
      messages: user('Hi'),
      output: { name: 'ok', schema: z.object({ ok: z.boolean() }) },
    });
    expect(result.object).toEqual({ ok: true });
    // Groq's default model has JSON mode only (no json_schema): the catalogue decides.
    expect(groqFake.chatRequests()[0]?.body?.response_format).toMatchObject({ type: 'json_object' });
  });

  it('cancellation stops the chain: no fallback after the caller aborts', async () => {
    openaiFake.reply({ text: 'slow', firstTokenDelayMs: 5000 });
    const controller = new AbortController();
    const pending = chain().complete({ messages: user('Hi') }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await rejection(pending)).toMatchObject({ kind: 'cancelled' });
    expect(groqFake.chatRequests()).toHaveLength(0);
    expect(events).toEqual([]);
  });

  it('opens a circuit after consecutive failures, skips it, and probes it again after the cool-down', async () => {
    let now = 0;
    const llm = chain({ breaker: { failureThreshold: 2, cooldownMs: 1000, now: () => now } });

    for (let i = 0; i < 2; i++) {
      openaiFake.fail(503);
      expect((await llm.complete({ messages: user('Hi') })).provider).toBe('groq');
    }
    expect(llm.circuitStates()).toEqual({ openai: 'open', groq: 'closed' });
    expect(events).toContainEqual({
      type: 'circuit',
      capability: 'llm',
      provider: 'openai',
      from: 'closed',
      to: 'open',
      failures: 2,
    });

    // While open, OpenAI is not even asked.
    events.length = 0;
    expect((await llm.complete({ messages: user('Hi') })).provider).toBe('groq');
    expect(openaiFake.chatRequests()).toHaveLength(2);
    expect(events).toEqual([
      {
        type: 'fallback',
        capability: 'llm',
        provider: 'openai',
        from: 'openai',
        to: 'groq',
        reason: 'circuit_open',
      },
    ]);

    // After the cool-down one probe goes to OpenAI; it succeeds and closes the circuit.
    now += 1000;
    events.length = 0;
    const probe = await collect(llm.stream({ messages: user('Hi') }));
    expect(probe.at(-1)).toMatchObject({ type: 'finish', provider: 'openai' });
    expect(openaiFake.chatRequests()).toHaveLength(3);
    expect(events.map((e) => (e.type === 'circuit' ? e.to : e.type))).toEqual(['half_open', 'closed']);
    expect(llm.circuitStates().openai).toBe('closed');
  });

  it('fails fast with unavailable when every circuit is open', async () => {
    const now = 0;
    const llm = chain({ breaker: { failureThreshold: 1, cooldownMs: 60_000, now: () => now } });
    openaiFake.fail(503);
    groqFake.fail(503);
    await rejection(llm.complete({ messages: user('Hi') }));
    const error = await rejection(llm.complete({ messages: user('Hi') }));
    expect(error).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/circuit is open/) });
    expect(openaiFake.chatRequests().length + groqFake.chatRequests().length).toBe(2);
  });
});
