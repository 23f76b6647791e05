import { type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { createOpenAI } from '@bot-backend/vendors-openai';
import { APIStatusError, llm } from '@livekit/agents';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chatContextToMessages, LiveKitLlm } from './livekit-llm.js';
import './test-livekit.js';

let fake: OpenAiFake;
beforeAll(async () => {
  fake = await startOpenAiFake();
});
afterEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
});

const openai = () => createOpenAI({ apiKey: 'sk-test', baseURL: fake.openaiBaseURL }).llm('gpt-4o-mini');

function conversation(): llm.ChatContext {
  const ctx = llm.ChatContext.empty();
  ctx.addMessage({ role: 'developer', content: 'You are a calm interviewer.' });
  ctx.addMessage({ role: 'assistant', content: 'Tell me about caching.' });
  ctx.addMessage({ role: 'user', content: 'I would add a cache in front of the database.' });
  return ctx;
}

describe('LiveKitLlm over OpenAILlm and the OpenAI fake', () => {
  it('streams the reply as LiveKit chat chunks with usage, from the chat context as our messages', async () => {
    fake.reply({ text: 'How would you invalidate it?', usage: { promptTokens: 31, completionTokens: 6 } });
    const adapter = new LiveKitLlm(openai(), { temperature: 0.2, maxTokens: 200 });
    expect(adapter.label()).toBe('bot-backend.openai.LLM');
    expect(adapter.model).toBe('gpt-4o-mini');
    const chunks: llm.ChatChunk[] = [];
    for await (const chunk of adapter.chat({ chatCtx: conversation() })) chunks.push(chunk);

    const text = chunks.map((c) => c.delta?.content ?? '').join('');
    expect(text).toBe('How would you invalidate it?');
    // Several deltas, not one block: the stream is passed through as it arrives.
    expect(chunks.filter((c) => c.delta?.content).length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.delta === undefined || c.delta.role === 'assistant')).toBe(true);
    expect(chunks.at(-1)?.usage).toEqual({
      completionTokens: 6,
      promptTokens: 31,
      promptCachedTokens: 0,
      totalTokens: 37,
    });

    const body = fake.chatRequests()[0]!.body!;
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.temperature).toBe(0.2);
    expect(body.stream).toBe(true);
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are a calm interviewer.' },
      { role: 'assistant', content: 'Tell me about caching.' },
      { role: 'user', content: 'I would add a cache in front of the database.' },
    ]);
  });

  it('retries a retryable vendor failure (503) through LiveKit and then streams', async () => {
    const before = fake.chatRequests().length;
    fake.fail(503);
    fake.reply('Go on.');
    const adapter = new LiveKitLlm(openai());
    const errors: { error: Error; recoverable: boolean }[] = [];
    adapter.on('error', (error) => errors.push(error));
    const stream = adapter.chat({
      chatCtx: conversation(),
      connOptions: { maxRetry: 1, retryIntervalMs: 0, timeoutMs: 5_000 },
    });
    const { text } = await stream.collect();
    expect(text).toBe('Go on.');
    expect(fake.chatRequests().length - before).toBe(2);
    // LiveKit reports the retried attempt as a recoverable error.
    expect(errors).toHaveLength(1);
    expect(errors[0]!.recoverable).toBe(true);
    expect(errors[0]!.error).toBeInstanceOf(APIStatusError);
    expect((errors[0]!.error as APIStatusError).statusCode).toBe(503);
  });

  it('does not retry a refused key (401)', async () => {
    const before = fake.chatRequests().length;
    fake.fail(401);
    const adapter = new LiveKitLlm(openai());
    const errors: { error: Error; recoverable: boolean }[] = [];
    adapter.on('error', (error) => errors.push(error));
    const stream = adapter.chat({
      chatCtx: conversation(),
      connOptions: { maxRetry: 3, retryIntervalMs: 0, timeoutMs: 5_000 },
    });
    const chunks: llm.ChatChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toEqual([]);
    expect(fake.chatRequests().length - before).toBe(1);
    expect(errors.map((e) => [e.recoverable, e.error.name, (e.error as APIStatusError).retryable])).toEqual([
      [false, 'APIStatusError', false],
    ]);
  });

  it('close() aborts the request at the fake', async () => {
    fake.reply({ text: 'a b c d e f g h i j k l m n o p', tokenDelayMs: 100 });
    const stream = new LiveKitLlm(openai()).chat({ chatCtx: conversation() });
    const first = await stream.next();
    expect(first.value?.delta?.content).toBeTruthy();
    stream.close();
    const deadline = Date.now() + 3_000;
    while (fake.closedByClient() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(fake.closedByClient()).toBe(1);
  });
});

describe('chatContextToMessages', () => {
  it('keeps text messages in order, maps developer to system and skips empty ones', () => {
    const ctx = conversation();
    ctx.addMessage({ role: 'user', content: '   ' });
    expect(chatContextToMessages(ctx).map((m) => m.role)).toEqual(['system', 'assistant', 'user']);
  });
});
