import { InvalidOutputError } from '@bot-backend/interfaces';
import { startOpenAiFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OpenAICompatibleLlm, type OpenAICompatibleLlmConfig } from './openai-compatible-llm.js';
import type { StructuredOutputMode } from './openai-compatible-structured-output.js';
import { chatConfig, collect, rejection, user } from './test-support.js';

describe('OpenAICompatibleLlm structured output against the loopback fake', () => {
  const fake = useFake(() => startOpenAiFake({ models: ['local-model'] }));

  const schema = z.object({ score: z.number().int().min(0).max(10), feedback: z.string() });
  const output = { name: 'grade', schema };
  const llm = (mode: StructuredOutputMode = 'strict', overrides: Partial<OpenAICompatibleLlmConfig> = {}) =>
    new OpenAICompatibleLlm(
      'local-model',
      chatConfig(fake.openaiBaseURL, {
        capabilities: () => ({ structuredOutputs: mode, temperature: true }),
        ...overrides,
      }),
    );
  const messagesOf = (index: number) =>
    (fake.chatRequests()[index]?.body?.messages ?? []) as { role: string; content: string }[];

  it('sends a strict JSON schema response format and returns the validated object', async () => {
    fake.reply({ json: { score: 7, feedback: 'Solid.' } });
    const result = await llm().complete({ messages: user('Grade it'), output });
    expect(result.object).toEqual({ score: 7, feedback: 'Solid.' });
    expect(fake.chatRequests()[0]?.body?.response_format).toMatchObject({
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

  it('sends a non-strict json_schema with the description when the model takes only that', async () => {
    fake.reply({ json: { score: 4, feedback: 'Fine.' } });
    const described = { ...output, description: 'A grade' };
    const result = await llm('json_schema').complete({ messages: user('Grade it'), output: described });
    expect(result.object).toEqual({ score: 4, feedback: 'Fine.' });
    expect(fake.chatRequests()[0]?.body?.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: {
        name: 'grade',
        description: 'A grade',
        strict: false,
        schema: { required: ['score', 'feedback'] },
      },
    });
  });

  it('makes one repair attempt listing the problems, then succeeds', async () => {
    fake.reply({
      json: { score: 42, feedback: 'Too generous' },
      usage: { promptTokens: 10, completionTokens: 5 },
    });
    fake.reply({ json: { score: 9, feedback: 'Fixed' }, usage: { promptTokens: 20, completionTokens: 4 } });
    const result = await llm().complete({ messages: user('Grade it'), output });
    expect(result.object).toEqual({ score: 9, feedback: 'Fixed' });
    expect(result.usage).toEqual({ inputTokens: 30, outputTokens: 9, totalTokens: 39 });
    const requests = fake.chatRequests();
    expect(requests).toHaveLength(2);
    expect(messagesOf(1).slice(0, 2)).toEqual([
      { role: 'user', content: 'Grade it' },
      { role: 'assistant', content: '{"score":42,"feedback":"Too generous"}' },
    ]);
    expect(messagesOf(1)[2]).toMatchObject({
      role: 'user',
      content: expect.stringMatching(/score: Too big/),
    });
    expect(requests[1]?.body?.response_format).toEqual(requests[0]?.body?.response_format);
  });

  it('throws InvalidOutputError after the repair also fails', async () => {
    fake.reply('not json at all');
    fake.reply({ json: { score: 'ten' } });
    const error = await rejection(llm().complete({ messages: user('Grade it'), output }));
    expect(InvalidOutputError.isInstance(error)).toBe(true);
    const invalid = error as InvalidOutputError;
    expect(invalid.provider).toBe('compat');
    expect(invalid.text).toBe('{"score":"ten"}');
    expect(invalid.issues.join('\n')).toMatch(/score/);
    expect(invalid.issues.join('\n')).toMatch(/feedback/);
    expect(fake.chatRequests()).toHaveLength(2);
    expect(messagesOf(1)[2]?.content).toMatch(/not valid JSON/);
  });

  // Strict mode refuses minLength/maxLength ("'minLength' is not permitted"): they
  // leave the wire schema, and zod still holds the answer to them.
  it('keeps length limits out of the strict schema and enforces them with zod and one repair', async () => {
    const limited = { name: 'note', schema: z.object({ text: z.string().min(5).max(20) }) };
    fake.reply({ json: { text: 'tiny' } });
    fake.reply({ json: { text: 'long enough' } });
    const result = await llm().complete({ messages: user('Write a note'), output: limited });
    expect(fake.rejections()).toEqual([]);
    expect(result.object).toEqual({ text: 'long enough' });
    const format = fake.chatRequests()[0]?.body?.response_format as {
      json_schema: { strict: boolean; schema: unknown };
    };
    expect(format.json_schema.strict).toBe(true);
    expect(JSON.stringify(format.json_schema.schema)).not.toMatch(/minLength|maxLength/);
    expect(messagesOf(1).at(-1)?.content).toMatch(/text: Too small/);
  });

  it('in JSON mode, puts the schema in a system message and reads a fenced answer', async () => {
    fake.reply({ text: '```json\n{"score": 3, "feedback": "Thin."}\n```' });
    const result = await llm('json_object').complete({ messages: user('Grade it'), output });
    expect(result.object).toEqual({ score: 3, feedback: 'Thin.' });
    expect(fake.chatRequests()[0]?.body?.response_format).toEqual({ type: 'json_object' });
    // The schema in the prompt also meets the "messages must mention json" rule of JSON mode.
    expect(messagesOf(0)[0]).toMatchObject({
      role: 'system',
      content: expect.stringMatching(/JSON[\s\S]*"feedback"/),
    });
  });

  it('repairs with the text a dialect reads from the vendor’s own JSON check', async () => {
    fake.fail(400, { code: 'json_validate_failed', failedGeneration: '{"score": 99}' });
    fake.reply({ json: { score: 8, feedback: 'Better' } });
    const model = llm('json_object', {
      dialect: {
        failedGeneration: (body) => body.failedGeneration,
      },
    });
    const result = await model.complete({ messages: user('Grade it'), output });
    expect(result.object).toEqual({ score: 8, feedback: 'Better' });
    expect(messagesOf(1)[2]).toEqual({ role: 'assistant', content: '{"score": 99}' });
  });

  it('a stream asks for the same response format', async () => {
    fake.reply({ json: { score: 5, feedback: 'ok' } });
    const parts = await collect(llm('json_object').stream({ messages: user('Grade it'), output }));
    expect(parts.at(-1)?.type).toBe('finish');
    expect(fake.chatRequests()[0]?.body).toMatchObject({
      stream: true,
      response_format: { type: 'json_object' },
    });
  });
});
