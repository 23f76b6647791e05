import { startOpenAiFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { OpenAICompatibleLlm, type OpenAICompatibleLlmConfig } from './openai-compatible-llm.js';
import { chatConfig, collect, deltas, user } from './test-support.js';

describe('OpenAICompatibleLlm against the loopback fake', () => {
  // A compatible server (Ollama, vLLM) serving its own model under OpenAI's rules.
  const fake = useFake(() => startOpenAiFake({ models: ['local-model'] }));

  const llm = (overrides: Partial<OpenAICompatibleLlmConfig> = {}, baseURL = fake.openaiBaseURL) =>
    new OpenAICompatibleLlm('local-model', chatConfig(baseURL, overrides));

  it('sends every request field and the vendor fields to the wire, and parses the answer', async () => {
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'Hi' },
    ];
    fake.reply({
      text: 'Hello there',
      usage: { promptTokens: 11, completionTokens: 2 },
      model: 'local-model:7b',
    });
    const model = llm({ extraBody: { user: 'candidate-7', service_tier: 'flex' } });
    expect(model).toMatchObject({ provider: 'compat', modelId: 'local-model', specificationVersion: 'v1' });
    const result = await model.complete({
      messages,
      temperature: 0.3,
      maxTokens: 64,
      stop: ['END'],
      seed: 7,
    });
    expect(result).toMatchObject({
      text: 'Hello there',
      usage: { inputTokens: 11, outputTokens: 2, totalTokens: 13 },
      finishReason: 'stop',
      model: 'local-model:7b',
      provider: 'compat',
      warnings: [],
    });
    const [request] = fake.chatRequests();
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test-key');
    // The SDK's own retries are off: one policy, the caller's.
    expect(request?.headers['x-stainless-retry-count']).toBe('0');
    expect(request?.body).toEqual({
      model: 'local-model',
      messages,
      temperature: 0.3,
      max_tokens: 64,
      stop: ['END'],
      seed: 7,
      user: 'candidate-7',
      service_tier: 'flex',
      stream: false,
    });
  });

  it('names the token limit as configured', async () => {
    await llm({ maxTokensParameter: 'max_completion_tokens' }).complete({
      messages: user('Hi'),
      maxTokens: 32,
    });
    expect(fake.chatRequests()[0]?.body).toMatchObject({ max_completion_tokens: 32 });
    expect(fake.chatRequests()[0]?.body).not.toHaveProperty('max_tokens');
  });

  it('serves a base URL with any path prefix and a trailing slash', async () => {
    fake.reply('From behind a proxy');
    const result = await llm({}, `${fake.url}/proxy/llm/v1/`).complete({ messages: user('Hi') });
    expect(result.text).toBe('From behind a proxy');
    expect(fake.chatRequests()[0]?.path).toBe('/proxy/llm/v1/chat/completions');
  });

  it('warns about what the model cannot honour instead of dropping it silently', async () => {
    const model = llm({ capabilities: () => ({ structuredOutputs: 'strict', temperature: false }) });
    const result = await model.complete({
      messages: user('Hi'),
      temperature: 0.5,
      stop: ['a', 'b', 'c', 'd', 'e'],
    });
    expect(result.warnings).toEqual([
      'temperature is not supported by local-model; it was not sent',
      'only the first 4 stop sequences were sent',
    ]);
    const body = fake.chatRequests()[0]?.body;
    expect(body).not.toHaveProperty('temperature');
    expect(body).toMatchObject({ stop: ['a', 'b', 'c', 'd'] });
  });

  it('asks the capabilities of the model a request names, not of its own', async () => {
    const asked: string[] = [];
    const model = llm({
      capabilities: (id) => {
        asked.push(id);
        return { structuredOutputs: 'strict', temperature: id !== 'gpt-4o-mini' };
      },
    });
    const result = await model.complete({ messages: user('Hi'), model: 'gpt-4o-mini', temperature: 0.2 });
    expect(asked).toEqual(['gpt-4o-mini']);
    expect(result.warnings).toHaveLength(1);
    expect(fake.chatRequests()[0]?.body).toMatchObject({ model: 'gpt-4o-mini' });
  });

  it.each([
    ['length', 'length'],
    ['tool_calls', 'tool_calls'],
  ] as const)('maps the finish reason %s', async (wire, mapped) => {
    fake.reply({ text: 'cut', finishReason: wire });
    expect((await llm().complete({ messages: user('Hi') })).finishReason).toBe(mapped);
  });

  it('streams deltas, asks for usage, and ends with one finish part', async () => {
    fake.reply({ text: 'One two three four', usage: { promptTokens: 5, completionTokens: 4 } });
    const parts = await collect(llm().stream({ messages: user('Count'), temperature: 0 }));
    expect(deltas(parts)).toEqual(['One', ' two', ' three', ' four']);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      usage: { inputTokens: 5, outputTokens: 4, totalTokens: 9 },
      finishReason: 'stop',
      model: 'local-model',
      provider: 'compat',
    });
    expect(parts.filter((p) => p.type === 'finish')).toHaveLength(1);
    expect(fake.chatRequests()[0]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
    });
  });

  it('leaves stream_options out for servers that reject it, reporting zero usage without one', async () => {
    const parts = await collect(llm({ includeStreamUsage: false }).stream({ messages: user('Hi') }));
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    });
    expect(fake.chatRequests()[0]?.body).not.toHaveProperty('stream_options');
  });

  it('reads usage and an early stop from the vendor’s own chunk field through the dialect', async () => {
    fake.reply({ text: 'a b c', usage: { promptTokens: 3, completionTokens: 3 } });
    const seen: unknown[] = [];
    const parts = await collect(
      llm({
        includeStreamUsage: false,
        dialect: {
          readChunk: (chunk) => {
            seen.push(chunk);
            return seen.length === 3 ? { error: 'over capacity' } : { usage: { prompt_tokens: 9 } };
          },
        },
      }).stream({ messages: user('Hi') }),
    );
    // Chunk 1 is the role, chunk 2 the first delta; the third stops the stream.
    expect(deltas(parts)).toEqual(['a']);
    expect(parts.at(-1)).toMatchObject({
      type: 'error',
      error: { kind: 'unavailable', message: 'compat: the stream stopped early: over capacity' },
    });
  });
});
