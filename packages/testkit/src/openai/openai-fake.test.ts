import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenAiFake, splitIntoDeltas, startOpenAiFake } from './openai-fake.js';

const chat = (fake: OpenAiFake, path: string, body: Record<string, unknown>) =>
  fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
    body: JSON.stringify({
      model: path.startsWith('/openai/') ? 'llama-3.3-70b-versatile' : 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'hi there' }],
      ...body,
    }),
  });

/** The `data:` payloads of an SSE body, in order. */
const dataLines = (text: string) =>
  text
    .split('\n\n')
    .filter(Boolean)
    .map((event) => event.replace(/^data: /, ''));

describe('startOpenAiFake wire format (raw HTTP, no SDK)', () => {
  let fake: OpenAiFake;
  beforeEach(async () => {
    fake = await startOpenAiFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('splits text into deltas that join back exactly', () => {
    expect(splitIntoDeltas('  Hi there,  you ')).toEqual(['  Hi', ' there,', '  you', ' ']);
    expect(splitIntoDeltas('')).toEqual([]);
  });

  it('answers a JSON chat completion with choices and usage', async () => {
    fake.reply({ text: 'Hello', usage: { promptTokens: 3, completionTokens: 1 } });
    const response = await chat(fake, '/v1/chat/completions', {});
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4.1-mini',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Hello', refusal: null }, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
    });
  });

  it('streams SSE chunks, a usage chunk when asked, then [DONE]', async () => {
    fake.reply({ text: 'a b', usage: { promptTokens: 2, completionTokens: 2 } });
    const response = await chat(fake, '/v1/chat/completions', {
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const lines = dataLines(await response.text());
    expect(lines.at(-1)).toBe('[DONE]');
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line));
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.slice(1, 3).map((c) => c.choices[0].delta.content)).toEqual(['a', ' b']);
    expect(chunks[3].choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.slice(0, 4).every((c) => c.usage === null)).toBe(true);
    expect(chunks[4]).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 },
    });
  });

  it('on Groq paths puts stream usage in x_groq and sends no usage chunk', async () => {
    fake.reply('x y');
    const lines = dataLines(await (await chat(fake, '/openai/v1/chat/completions', { stream: true })).text());
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line));
    const last = chunks.at(-1);
    expect(last.choices[0].finish_reason).toBe('stop');
    expect(last.x_groq.usage).toMatchObject({ completion_tokens: 2, total_time: expect.any(Number) });
    expect(chunks.some((c) => 'usage' in c)).toBe(false);
  });

  it('fails with an OpenAI error body and Retry-After', async () => {
    fake.fail(429, { retryAfterSec: 2 });
    const response = await chat(fake, '/v1/chat/completions', {});
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toEqual({
      error: { message: 'fake failure 429', type: 'requests', param: null, code: 'rate_limit_exceeded' },
    });
  });

  it('sends a malformed data line where scripted', async () => {
    fake.reply({ text: 'a b', malformedAfterChunks: 1 });
    const text = await (await chat(fake, '/v1/chat/completions', { stream: true })).text();
    expect(text).toContain('data: {"id":"chatcmpl-broken","choices":[{"delta":\n\n');
  });

  it('reset() forgets unused replies and faults', async () => {
    fake.fail(500);
    fake.reply('unused');
    fake.reset();
    const response = await chat(fake, '/v1/chat/completions', {});
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toMatch(/^Fake answer/);
  });
});
