import { connect } from 'node:net';
import { type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { createOpenAI } from '@bot-backend/vendors-openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { ErrorBody } from '../errors/error-body.js';
import { startServer } from '../server.js';
import { testDeps } from '../test-deps.js';
import { evaluateCodeExample, evaluateExample } from './evaluate-examples.js';
import { codeEvaluationResponseSchema, verbalEvaluationResponseSchema } from './evaluate-schemas.js';
import type { EvaluationDeliveryItem } from './evaluation-delivery.js';

const json = { 'content-type': 'application/json' };
const verbal = { sessionId: 's-1', ...evaluateExample };
const code = { sessionId: 's-1', ...evaluateCodeExample };

const post = (app: ReturnType<typeof createApp>, path: string, body: unknown, headers = json) =>
  app.request(path, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /v1/evaluate', () => {
  it('answers in the documented shape with no keys: rubric, delivery off', async () => {
    const res = await post(createApp(testDeps()), '/v1/evaluate', verbal);
    expect(res.status).toBe(200);
    const body = verbalEvaluationResponseSchema.parse(await res.json());
    expect(body).toMatchObject({
      evaluator: 'rubric',
      model: null,
      delivery: 'off',
      gates: { empty: false, length: false, keyword: false, nonAnswer: false },
      matchedKeywords: ['memory', 'context switch'],
    });
    expect(body.score).toBeGreaterThanOrEqual(5);
  });

  it('an empty answer scores 0 and says so', async () => {
    const res = await post(createApp(testDeps()), '/v1/evaluate', {
      ...verbal,
      answer: 'Thank you! Thanks.',
    });
    const body = verbalEvaluationResponseSchema.parse(await res.json());
    expect(body).toMatchObject({ score: 0, gates: { empty: true } });
    expect(body.feedback).toMatch(/no answer was given/i);
  });

  it('hands the result to the delivery hook and reports what it did', async () => {
    const delivered: EvaluationDeliveryItem[] = [];
    const deliver = async (item: EvaluationDeliveryItem) => {
      delivered.push(item);
      return 'queued' as const;
    };
    const app = createApp({ ...testDeps(), deliver });
    const res = await post(app, '/v1/evaluate', verbal);
    const body = verbalEvaluationResponseSchema.parse(await res.json());
    expect(body.delivery).toBe('queued');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      kind: 'verbal',
      sessionId: 's-1',
      questionId: 'q1',
      result: { score: body.score },
    });
    // Without a session there is nothing to deliver to.
    const { sessionId: _omit, ...anonymous } = verbal;
    const res2 = await post(app, '/v1/evaluate', anonymous);
    expect(((await res2.json()) as { delivery: string }).delivery).toBe('off');
    expect(delivered).toHaveLength(1);
  });
});

describe('POST /v1/evaluate-code', () => {
  it('answers in the documented shape with no keys', async () => {
    const res = await post(createApp(testDeps()), '/v1/evaluate-code', code);
    expect(res.status).toBe(200);
    const body = codeEvaluationResponseSchema.parse(await res.json());
    expect(body).toMatchObject({
      evaluator: 'rubric',
      complexity: 'O(n)',
      delivery: 'off',
      gates: { empty: false, syntax: false, entryPoint: false },
    });
    expect(body.tests).toBeUndefined();
  });
});

describe('bad input', () => {
  const cases: Array<[string, number, string, unknown, string, string?]> = [
    [
      'answer over 20,000 characters',
      413,
      '/v1/evaluate',
      { ...verbal, answer: 'a '.repeat(10_001) },
      'payload_too_large',
      'answer',
    ],
    [
      'code over 100 KB',
      413,
      '/v1/evaluate-code',
      { ...code, code: `# ${'x'.repeat(100 * 1024)}` },
      'payload_too_large',
      'code',
    ],
    [
      'body over 1 MB',
      413,
      '/v1/evaluate',
      { ...verbal, padding: 'x'.repeat(1_100_000) },
      'payload_too_large',
    ],
    ['malformed JSON', 400, '/v1/evaluate', '{"answer": "x",', 'malformed_json'],
    ['missing question', 422, '/v1/evaluate', { answer: 'x' }, 'validation_failed', 'question'],
    [
      'answer of the wrong type',
      422,
      '/v1/evaluate',
      { ...verbal, answer: 42 },
      'validation_failed',
      'answer',
    ],
    [
      'minWords of the wrong type',
      422,
      '/v1/evaluate',
      { ...verbal, question: { ...verbal.question, minWords: 'eight' } },
      'validation_failed',
      'question.minWords',
    ],
    [
      'keywords of the wrong type',
      422,
      '/v1/evaluate',
      { ...verbal, question: { ...verbal.question, expectedKeywords: 'memory' } },
      'validation_failed',
      'question.expectedKeywords',
    ],
    [
      'unknown experience level',
      422,
      '/v1/evaluate',
      { ...verbal, experienceLevel: 'guru' },
      'validation_failed',
      'experienceLevel',
    ],
    [
      'unknown language',
      422,
      '/v1/evaluate-code',
      { ...code, language: 'cobol' },
      'validation_failed',
      'language',
    ],
    [
      'entry point that is not an identifier',
      422,
      '/v1/evaluate-code',
      { ...code, question: { ...code.question, entryPoint: 'two sum()' } },
      'validation_failed',
      'question.entryPoint',
    ],
    [
      'missing code',
      422,
      '/v1/evaluate-code',
      { question: code.question, language: 'python' },
      'validation_failed',
      'code',
    ],
  ];

  it.each(cases)('%s → %i', async (_name, status, path, body, errorCode, field) => {
    const res = await post(createApp(testDeps()), path, body);
    expect(res.status).toBe(status);
    const error = ((await res.json()) as ErrorBody).error;
    expect(error.code).toBe(errorCode);
    expect(error.requestId).toBeTruthy();
    if (field) expect(error.details?.map((d) => d.path)).toContain(field);
  });

  it('a body that is not JSON → 415', async () => {
    const res = await post(createApp(testDeps()), '/v1/evaluate', 'answer=x', {
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(415);
  });
});

describe('with an LLM configured', () => {
  let fake: OpenAiFake;
  beforeEach(async () => {
    fake = await startOpenAiFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  function appWithLlm(env: Record<string, string> = {}) {
    const openai = createOpenAI({ apiKey: 'sk-test', baseURL: fake.openaiBaseURL });
    const deps = testDeps(env);
    return {
      deps,
      app: createApp({ ...deps, providers: { llm: openai.llm(), moderator: openai.moderation() } }),
    };
  }

  it('grades with FEEDBACK_MODEL and returns the LLM verdict', async () => {
    fake.reply({ json: { score: 8, feedback: 'Accurate.', strengths: ['memory'], improvements: [] } });
    const { app } = appWithLlm({ FEEDBACK_MODEL: 'gpt-4.1-mini' });
    const res = await post(app, '/v1/evaluate', verbal);
    const body = verbalEvaluationResponseSchema.parse(await res.json());
    expect(body).toMatchObject({ score: 8, evaluator: 'llm', model: 'gpt-4.1-mini', feedback: 'Accurate.' });
    expect(fake.chatRequests()[0]?.body?.model).toBe('gpt-4.1-mini');
  });

  it('a fallback to the rubric is logged and counted, never silent', async () => {
    fake.reply({ refusal: 'I cannot grade this.' });
    const { app, deps } = appWithLlm();
    const res = await post(app, '/v1/evaluate', verbal);
    const body = verbalEvaluationResponseSchema.parse(await res.json());
    expect(body).toMatchObject({ evaluator: 'rubric', fallbackReason: 'refusal' });
    expect(deps.logLines().some((line) => line.fallbackReason === 'refusal')).toBe(true);
    // No answer text in the logs: it is personal data.
    expect(JSON.stringify(deps.logLines())).not.toContain('page tables');
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toMatch(
      /evaluations_total\{kind="verbal",evaluator="rubric",fallback_reason="refusal"\} 1/,
    );
  });

  it('cancels the vendor call when the client goes away (the request signal, made when the call asks for it)', async () => {
    fake.stall();
    const { app, deps } = appWithLlm({ PORT: '0', HOST: '127.0.0.1', VENDOR_TIMEOUT_MS: '60000' });
    const server = await startServer(app, deps);
    try {
      const body = JSON.stringify(verbal);
      const socket = connect(server.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      // The first vendor call (moderation) is held open by the fake; the client hangs up.
      await expect.poll(() => fake.openConnections(), { timeout: 10_000 }).toBe(1);
      socket.destroy();
      await expect.poll(() => fake.openConnections(), { timeout: 10_000 }).toBe(0);
    } finally {
      await server.shutdown('test over');
    }
  });
});
