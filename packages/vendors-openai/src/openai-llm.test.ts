import type { LlmStreamPart } from '@bot-backend/interfaces';
import { startOpenAiFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { OPENAI_DEFAULT_CHAT_MODEL } from './openai-models.js';
import { createOpenAI } from './openai-provider.js';

const user = (content: string) => [{ role: 'user' as const, content }];

async function lastPart(parts: AsyncIterable<LlmStreamPart>): Promise<LlmStreamPart | undefined> {
  let last: LlmStreamPart | undefined;
  for await (const part of parts) last = part;
  return last;
}

describe('OpenAILlm: what is OpenAI’s own, against the loopback fake', () => {
  // The ids a compatible server (Ollama, vLLM) would serve besides OpenAI's own.
  const fake = useFake(() => startOpenAiFake({ models: ['llama3', 'llama3.2'] }));

  const provider = (settings: Partial<Parameters<typeof createOpenAI>[0]> = {}) =>
    createOpenAI({ apiKey: 'sk-test-key', baseURL: fake.openaiBaseURL, ...settings });
  const body = () => fake.chatRequests()[0]?.body;

  it('calls through the official openai SDK, reading none of the OPENAI_* variables it knows', async () => {
    vi.stubEnv('OPENAI_BASE_URL', 'http://127.0.0.1:9/v1');
    vi.stubEnv('OPENAI_ORG_ID', 'org-from-env');
    vi.stubEnv('OPENAI_PROJECT_ID', 'proj-from-env');
    try {
      await provider()
        .llm()
        .complete({ messages: user('Hi') });
    } finally {
      vi.unstubAllEnvs();
    }
    const [request] = fake.chatRequests();
    // openai client.ts getUserAgent(): `${constructor.name}/JS ${VERSION}`.
    expect(request?.headers['user-agent']).toMatch(/^OpenAI\/JS /);
    expect(request?.headers.authorization).toBe('Bearer sk-test-key');
    expect(request?.headers).not.toHaveProperty('openai-organization');
    expect(request?.headers).not.toHaveProperty('openai-project');
  });

  it('sends the organization, project and every model option OpenAI defines', async () => {
    const llm = provider({ organization: 'org-1', project: 'proj-1' }).llm('gpt-4o-mini', {
      user: 'candidate-7',
      maxTokensParameter: 'max_completion_tokens',
    });
    const result = await llm.complete({ messages: user('Hi'), maxTokens: 64 });
    expect(result).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
    const [request] = fake.chatRequests();
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers['openai-organization']).toBe('org-1');
    expect(request?.headers['openai-project']).toBe('proj-1');
    expect(request?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: user('Hi'),
      max_completion_tokens: 64,
      user: 'candidate-7',
      stream: false,
    });
  });

  it('names the token limit max_completion_tokens on api.openai.com itself', async () => {
    // api.openai.com, its requests carried to the fake by the `fetch` setting.
    const fetchToFake: typeof fetch = (input, init) =>
      fetch(
        String(input instanceof Request ? input.url : input).replace('https://api.openai.com', fake.url),
        init,
      );
    await provider({ baseURL: undefined, fetch: fetchToFake })
      .llm('gpt-4.1')
      .complete({ messages: user('Hi'), maxTokens: 16 });
    expect(body()).toMatchObject({ max_completion_tokens: 16 });
    expect(body()).not.toHaveProperty('max_tokens');
  });

  it('on a compatible server: max_tokens, the settings’ default model and name', async () => {
    const llm = provider({ defaultModel: 'llama3.2', name: 'ollama' }).llm();
    const result = await llm.complete({ messages: user('Hi'), maxTokens: 32 });
    expect(result.provider).toBe('ollama');
    expect(llm.modelId).toBe('llama3.2');
    expect(body()).toMatchObject({ model: 'llama3.2', max_tokens: 32 });
    expect(body()).not.toHaveProperty('max_completion_tokens');
  });

  // platform.openai.com/docs/guides/reasoning: reasoning models take only the default temperature.
  it.each([
    ['o4-mini', false],
    ['gpt-5-mini-2025-08-07', false],
    ['gpt-4.1-mini', true],
    ['gpt-5-chat-latest', true],
  ])('the catalogue decides whether %s takes a temperature', async (model, sent) => {
    const result = await provider()
      .llm(model, { reasoningEffort: 'low' })
      .complete({ messages: user('Hi'), temperature: 0.5 });
    expect(fake.rejections()).toEqual([]);
    expect(body()?.temperature).toBe(sent ? 0.5 : undefined);
    expect(result.warnings).toEqual(
      sent ? [] : [`temperature is not supported by ${model}; it was not sent`],
    );
    expect(body()).toMatchObject({ reasoning_effort: 'low' });
  });

  it('a stream asks for the usage chunk, unless told not to', async () => {
    expect(
      await lastPart(
        provider()
          .llm()
          .stream({ messages: user('Hi') }),
      ),
    ).toMatchObject({
      type: 'finish',
      model: OPENAI_DEFAULT_CHAT_MODEL,
      provider: 'openai',
    });
    expect(body()).toMatchObject({ stream_options: { include_usage: true } });
    await lastPart(
      provider()
        .llm('llama3', { streamUsage: false })
        .stream({ messages: user('Hi') }),
    );
    expect(fake.chatRequests()[1]?.body).not.toHaveProperty('stream_options');
  });

  it('asks for strict Structured Outputs by default, and JSON mode when told to', async () => {
    const output = { name: 'grade', schema: z.object({ score: z.number().int() }) };
    fake.reply({ json: { score: 3 } });
    fake.reply({ json: { score: 4 } });
    await provider()
      .llm()
      .complete({ messages: user('Grade it'), output });
    await provider()
      .llm('llama3', { structuredOutputs: 'json_object' })
      .complete({ messages: user('Grade'), output });
    const [strict, jsonMode] = fake.chatRequests().map((request) => request.body?.response_format);
    expect(strict).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
    expect(jsonMode).toEqual({ type: 'json_object' });
  });

  it('errors carry the provider’s name', async () => {
    fake.fail(429, { retryAfterSec: 2 });
    await expect(
      provider({ name: 'vllm' })
        .llm()
        .complete({ messages: user('x') }),
    ).rejects.toMatchObject({
      kind: 'rate_limit',
      vendor: 'vllm',
      retryAfterMs: 2000,
    });
  });

  it('refuses settings without an API key, and settings it does not know, naming the field', () => {
    expect(() => createOpenAI({ apiKey: '' })).toThrow(/apiKey/);
    expect(() => createOpenAI({ apiKey: 'sk', baseUrl: 'x' } as never)).toThrow(/baseUrl/);
    expect(() => provider().llm('gpt-4o', { temprature: 1 } as never)).toThrow(/temprature/);
  });
});
