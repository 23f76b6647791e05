import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OpenAiFake, startOpenAiFake } from './openai-fake.js';

/** One rule per test: a request that differs from the documented contract gets the vendor's status and body. */
describe('startOpenAiFake refuses what the vendors refuse (raw HTTP)', () => {
  let fake: OpenAiFake;
  beforeAll(async () => {
    fake = await startOpenAiFake({ apiKey: 'sk-right' });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-right', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error?: Record<string, unknown> } };
  };
  const openai = (body: Record<string, unknown>) =>
    post('/v1/chat/completions', {
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      ...body,
    });
  const groq = (body: Record<string, unknown>) =>
    post('/openai/v1/chat/completions', {
      model: 'llama-3.3-70b-versatile',
      messages: [{ role: 'user', content: 'Hi' }],
      ...body,
    });
  const strictFormat = (schema: unknown) => ({
    response_format: { type: 'json_schema', json_schema: { name: 'out', strict: true, schema } },
  });

  describe('authentication', () => {
    it("OpenAI: no Authorization header is a 401 with OpenAI's sentence and null code", async () => {
      const answer = await post(
        '/v1/chat/completions',
        { model: 'gpt-4.1-mini', messages: [] },
        { authorization: '' },
      );
      expect(answer.status).toBe(401);
      expect(answer.body.error).toMatchObject({
        message: expect.stringMatching(/^You didn't provide an API key/),
        type: 'invalid_request_error',
        param: null,
        code: null,
      });
    });
    it('OpenAI: a wrong key is a 401 invalid_api_key that never echoes the key', async () => {
      const answer = await post('/v1/chat/completions', {}, { authorization: 'Bearer sk-wrong-123456' });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toMatchObject({ code: 'invalid_api_key' });
      expect(String(answer.body.error?.message)).not.toContain('sk-wrong-123456');
    });
    it("Groq: a wrong key is Groq's 401 body, without param", async () => {
      const answer = await post('/openai/v1/chat/completions', {}, { authorization: 'Bearer gsk-wrong' });
      expect(answer).toEqual({
        status: 401,
        body: {
          error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' },
        },
      });
    });
  });

  describe('chat completions', () => {
    it('an unknown or retired model is 404 model_not_found', async () => {
      const answer = await openai({ model: 'gpt-3.5-turbo-0301' });
      expect(answer.status).toBe(404);
      expect(answer.body.error).toMatchObject({
        code: 'model_not_found',
        message: expect.stringContaining('`gpt-3.5-turbo-0301`'),
      });
      expect((await groq({ model: 'gpt-4o-mini' })).status).toBe(404);
    });
    it('a dated snapshot of a known model is served', async () => {
      expect((await openai({ model: 'gpt-4o-mini-2024-07-18' })).status).toBe(200);
    });
    it('messages must not be empty', async () => {
      expect(await openai({ messages: [] })).toMatchObject({
        status: 400,
        body: { error: { param: 'messages', code: 'empty_array' } },
      });
    });
    it('temperature is 0–2', async () => {
      expect(await openai({ temperature: 2.5 })).toMatchObject({
        status: 400,
        body: { error: { param: 'temperature', code: 'decimal_above_max_value' } },
      });
      expect((await openai({ temperature: -0.1 })).status).toBe(400);
      expect((await openai({ temperature: 2 })).status).toBe(200);
    });
    it('n is 1–128 on OpenAI and only 1 on Groq', async () => {
      expect((await openai({ n: 129 })).status).toBe(400);
      expect((await openai({ n: 2 })).status).toBe(200);
      expect(await groq({ n: 2 })).toMatchObject({ status: 400, body: { error: { param: 'n' } } });
    });
    it('Groq refuses logprobs and logit_bias', async () => {
      expect((await groq({ logprobs: true })).status).toBe(400);
      expect((await groq({ logit_bias: { 1: 2 } })).status).toBe(400);
    });
    it('reasoning models take max_completion_tokens, not max_tokens, and only the default temperature', async () => {
      expect(await openai({ model: 'gpt-5-mini', max_tokens: 10 })).toMatchObject({
        status: 400,
        body: { error: { param: 'max_tokens', code: 'unsupported_parameter' } },
      });
      expect((await openai({ model: 'gpt-5-mini', max_completion_tokens: 10 })).status).toBe(200);
      expect((await openai({ model: 'o4-mini', temperature: 0.2 })).status).toBe(400);
      expect((await openai({ model: 'gpt-4.1-mini', max_tokens: 10, temperature: 0.2 })).status).toBe(200);
    });
    it('at most four stop sequences', async () => {
      expect((await openai({ stop: ['a', 'b', 'c', 'd', 'e'] })).status).toBe(400);
    });
    it('stream_options only with stream: true', async () => {
      expect(await openai({ stream_options: { include_usage: true } })).toMatchObject({
        status: 400,
        body: { error: { param: 'stream_options' } },
      });
    });
    it('json_object mode needs the word JSON in the messages (both vendors)', async () => {
      const format = { response_format: { type: 'json_object' } };
      expect(await openai(format)).toMatchObject({
        status: 400,
        body: {
          error: { param: 'messages', message: expect.stringMatching(/must contain the word 'json'/) },
        },
      });
      expect((await groq(format)).status).toBe(400);
      expect(
        (await groq({ ...format, messages: [{ role: 'user', content: 'Answer in JSON.' }] })).status,
      ).toBe(200);
    });
  });

  describe('strict json_schema (OpenAI Structured Outputs)', () => {
    const ok = {
      type: 'object',
      properties: { a: { type: 'string' } },
      required: ['a'],
      additionalProperties: false,
    };
    it('accepts a schema that keeps every rule', async () => {
      expect((await openai(strictFormat(ok))).status).toBe(200);
    });
    it('every object sets additionalProperties: false, nested ones too', async () => {
      const answer = await openai(
        strictFormat({ ...ok, properties: { a: { type: 'object', properties: {}, required: [] } } }),
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error?.message).toBe(
        "Invalid schema for response_format 'out': In context=('properties', 'a'), 'additionalProperties' is required to be supplied and to be false.",
      );
    });
    it('every property is required', async () => {
      const answer = await openai(
        strictFormat({ ...ok, properties: { a: { type: 'string' }, b: { type: 'number' } } }),
      );
      expect(answer.body.error?.message).toMatch(/'required' is required to be supplied .* Missing 'b'/);
    });
    it('only supported keywords (minLength is not)', async () => {
      const answer = await openai(
        strictFormat({ ...ok, properties: { a: { type: 'string', minLength: 1 } } }),
      );
      expect(answer.body.error?.message).toMatch(/'minLength' is not permitted/);
    });
    it('the root is an object', async () => {
      expect((await openai(strictFormat({ type: 'array', items: { type: 'string' } }))).status).toBe(400);
    });
    it('the schema name matches ^[a-zA-Z0-9_-]+$', async () => {
      const answer = await openai({
        response_format: { type: 'json_schema', json_schema: { name: 'bad name', schema: ok } },
      });
      expect(answer.body.error?.param).toBe('response_format.json_schema.name');
    });
  });

  describe('Groq structured outputs per model', () => {
    const format = (strict: boolean) => ({
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'out', strict, schema: { type: 'object', properties: {} } },
      },
    });
    it("json_schema on a model Groq does not list is Groq's 400", async () => {
      const answer = await groq(format(false));
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({
        param: 'response_format',
        message: expect.stringMatching(/^This model does not support response format `json_schema`/),
      });
      expect(answer.body.error).not.toHaveProperty('code');
    });
    it('best-effort json_schema on Llama 4 Scout, strict only on gpt-oss', async () => {
      expect(
        (await groq({ ...format(false), model: 'meta-llama/llama-4-scout-17b-16e-instruct' })).status,
      ).toBe(200);
      expect(
        (await groq({ ...format(true), model: 'meta-llama/llama-4-scout-17b-16e-instruct' })).status,
      ).toBe(400);
      expect((await groq({ ...format(true), model: 'openai/gpt-oss-120b' })).status).toBe(400); // breaks the strict rules
      const good = { type: 'object', properties: {}, required: [], additionalProperties: false };
      expect(
        (
          await groq({
            response_format: {
              type: 'json_schema',
              json_schema: { name: 'out', strict: true, schema: good },
            },
            model: 'openai/gpt-oss-120b',
          })
        ).status,
      ).toBe(200);
    });
  });

  describe('speech', () => {
    const speech = (body: Record<string, unknown>) =>
      post('/v1/audio/speech', {
        model: 'gpt-4o-mini-tts',
        voice: 'alloy',
        input: 'Hello.',
        response_format: 'pcm',
        ...body,
      });
    it('refuses an unknown model, an unknown voice, an empty or over-long input', async () => {
      expect((await speech({ model: 'tts-2' })).status).toBe(404);
      expect(await speech({ voice: 'bob' })).toMatchObject({
        status: 400,
        body: { error: { param: 'voice' } },
      });
      expect((await speech({ input: '' })).status).toBe(400);
      expect(await speech({ input: 'a'.repeat(4097) })).toMatchObject({
        status: 400,
        body: { error: { param: 'input', code: 'string_above_max_length' } },
      });
    });
    it('speed is 0.25–4.0, formats are the documented six, instructions not on tts-1', async () => {
      expect((await speech({ speed: 4.5 })).status).toBe(400);
      expect((await speech({ speed: 0.2 })).status).toBe(400);
      expect((await speech({ response_format: 'ogg' })).status).toBe(400);
      expect((await speech({ model: 'tts-1', instructions: 'Calm.' })).status).toBe(400);
    });
  });

  describe('transcriptions', () => {
    const transcribe = async (path: string, fields: Record<string, string>, filename = 'a.wav') => {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(64)], { type: 'audio/wav' }), filename);
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      const response = await fetch(`${fake.url}${path}`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-right' },
        body: form,
      });
      return response.status;
    };
    it('OpenAI: known models, verbose_json only on whisper-1, word timestamps only with verbose_json', async () => {
      expect(await transcribe('/v1/audio/transcriptions', { model: 'whisper-2' })).toBe(404);
      expect(
        await transcribe('/v1/audio/transcriptions', {
          model: 'gpt-4o-transcribe',
          response_format: 'verbose_json',
        }),
      ).toBe(400);
      expect(
        await transcribe('/v1/audio/transcriptions', {
          model: 'whisper-1',
          'timestamp_granularities[]': 'word',
        }),
      ).toBe(400);
      expect(
        await transcribe('/v1/audio/transcriptions', {
          model: 'whisper-1',
          response_format: 'verbose_json',
          'timestamp_granularities[]': 'word',
        }),
      ).toBe(200);
    });
    it('a file in an unsupported container is refused', async () => {
      expect(await transcribe('/v1/audio/transcriptions', { model: 'whisper-1' }, 'a.aiff')).toBe(400);
    });
    it('Groq: only its whisper models', async () => {
      expect(await transcribe('/openai/v1/audio/transcriptions', { model: 'whisper-1' })).toBe(404);
      expect(await transcribe('/openai/v1/audio/transcriptions', { model: 'whisper-large-v3' })).toBe(200);
      expect(
        await transcribe('/openai/v1/audio/transcriptions', {
          model: 'whisper-large-v3-turbo',
          response_format: 'srt',
        }),
      ).toBe(400);
    });
  });
});
