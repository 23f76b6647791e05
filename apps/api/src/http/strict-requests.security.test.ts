import type { Plan } from '@bot-backend/interview';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { ErrorBody } from '../errors/error-body.js';
import { apiOperations } from '../openapi/api-operations.js';
import { buildOpenApiDocument } from '../openapi/openapi-document.js';
import { testDeps } from '../test-deps.js';

const json = { 'content-type': 'application/json' };
type Body = Record<string, unknown>;

/** A valid body per POST route; a route missing here fails the first test. */
async function validBodies(request: (path: string, body: Body) => Promise<Response>) {
  const plan = (await (
    await request('/v1/plan', { role: 'backend', experienceLevel: 'mid', format: 'blended', seed: 3 })
  ).json()) as Plan;
  const bodies: Record<string, Body> = {
    '/v1/evaluate': {
      sessionId: 's-1',
      question: { id: 'q1', text: 'What is a mutex?', expectedKeywords: ['lock'], minWords: 8 },
      answer: 'A mutex is a lock that lets one thread at a time into a critical section of code.',
    },
    '/v1/evaluate-code': {
      sessionId: 's-1',
      question: { id: 'c1', prompt: 'Add two numbers', entryPoint: 'add' },
      language: 'python',
      code: 'def add(a, b):\n    return a + b\n',
    },
    '/v1/plan': { role: 'backend', experienceLevel: 'mid', format: 'blended', durationMinutes: 30 },
    '/v1/plan/next': { plan, history: [] },
    '/v1/voice/sessions': { role: 'backend', experienceLevel: 'mid', format: 'blended', plan },
  };
  return bodies;
}

/** Each case: a change to a valid body, and the detail it must produce. */
const cases: [string, (body: Body) => Body, string, RegExp][] = [
  ['an unknown field', (b) => ({ ...b, colour: 'blue' }), 'colour', /^unknown field$/],
  ['snake_case of a field', (b) => snakeOfFirst(b), '', /did you mean/],
  ['a near spelling of a field', (b) => misspellFirst(b), '', /did you mean/],
];

/** Renames the body's first camelCase field to snake_case (sessionId → session_id); with none, to upper case (PLAN). */
function snakeOfFirst(body: Body): Body {
  const camel = Object.keys(body).find((k) => /[A-Z]/.test(k));
  const key = camel ?? Object.keys(body)[0]!;
  const { [key]: value, ...rest } = body;
  const renamed = camel ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key.toUpperCase();
  return { ...rest, [renamed]: value };
}

/** Drops one letter of the body's first field (question → questin). */
function misspellFirst(body: Body): Body {
  const key = Object.keys(body)[0]!;
  const { [key]: value, ...rest } = body;
  return { ...rest, [`${key.slice(0, 2)}${key.slice(3)}`]: value };
}

describe('strict request bodies on every POST route', () => {
  const app = createApp(testDeps());
  const request = async (path: string, body: Body) =>
    app.request(path, { method: 'POST', headers: json, body: JSON.stringify(body) });
  const postRoutes = [...new Set(app.routes.filter((r) => r.method === 'POST').map((r) => r.path))].filter(
    (path) => path.startsWith('/v1/'),
  );

  it('covers every POST route of the app, and each valid body passes', async () => {
    const bodies = await validBodies(request);
    expect(postRoutes.sort()).toEqual(Object.keys(bodies).sort());
    for (const [path, body] of Object.entries(bodies)) {
      const res = await request(path, body);
      expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
    }
  });

  it.each(cases)(
    'answers 422 naming %s, with the field meant, on every route',
    async (_name, change, field, message) => {
      const bodies = await validBodies(request);
      for (const [path, valid] of Object.entries(bodies)) {
        const sent = change(valid);
        const unknown = field || Object.keys(sent).find((k) => !(k in valid))!;
        const res = await request(path, sent);
        expect(res.status, `${path} with ${unknown}`).toBe(422);
        const { error } = (await res.json()) as ErrorBody;
        expect(error.code).toBe('validation_failed');
        expect(error.requestId).toBe(res.headers.get('x-request-id'));
        const detail = error.details?.find((d) => d.path === unknown);
        expect(detail?.message, `${path}: ${JSON.stringify(error.details)}`).toMatch(message);
        if (message.source === 'did you mean') {
          const meant = Object.keys(valid).find((k) => !(k in sent));
          expect(detail?.message).toBe(`unknown field; did you mean ${meant}?`);
        }
      }
    },
  );

  it('names nested unknown fields by their path: question.expected_keywords, question.min_words', async () => {
    const res = await request('/v1/evaluate', {
      question: { id: 'q1', text: 'What is a mutex?', expected_keywords: ['lock'], min_words: 8 },
      answer: 'A lock.',
      session_id: 's-1',
    });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.details).toEqual(
      expect.arrayContaining([
        { path: 'question.expected_keywords', message: 'unknown field; did you mean expectedKeywords?' },
        { path: 'question.min_words', message: 'unknown field; did you mean minWords?' },
        { path: 'session_id', message: 'unknown field; did you mean sessionId?' },
      ]),
    );
  });

  it('names a field sent one level too high with its path, and says the first problem in the message', async () => {
    const res = await request('/v1/evaluate', {
      question: { id: 'q1', text: 'What is a mutex?' },
      answer: 'A lock.',
      expected_keywords: ['lock'],
    });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.message).toBe(
      'Invalid request body: expected_keywords: unknown field; did you mean question.expectedKeywords?',
    );
    expect(error.details).toEqual([
      { path: 'expected_keywords', message: 'unknown field; did you mean question.expectedKeywords?' },
    ]);
  });

  it('names unknown fields inside arrays and plans too', async () => {
    const bodies = await validBodies(request);
    const valid = bodies['/v1/plan/next'] as { plan: Plan; history: unknown[] };
    const [phase, ...phases] = valid.plan.phases;
    const [question, ...questions] = phase!.questions;
    const res = await request('/v1/plan/next', {
      ...valid,
      plan: {
        ...valid.plan,
        phases: [{ ...phase, questions: [{ ...question, time_seconds: 1 }, ...questions] }, ...phases],
      },
      history: [{ question_id: 'q', elapsedSeconds: 1 }],
    });
    const { error } = (await res.json()) as ErrorBody;
    expect(error.details).toEqual(
      expect.arrayContaining([
        {
          path: 'plan.phases.0.questions.0.time_seconds',
          message: 'unknown field; did you mean timeSeconds?',
        },
        { path: 'history.0.question_id', message: 'unknown field; did you mean questionId?' },
      ]),
    );
  });

  it('accepts what the API itself answered when it is sent back: a plan question to /v1/evaluate, an evaluation in a history', async () => {
    const bodies = await validBodies(request);
    const { plan } = bodies['/v1/plan/next'] as { plan: Plan };
    const question = plan.phases.flatMap((p) => p.questions).find((q) => q.kind === 'verbal')!;
    const graded = await request('/v1/evaluate', { question, answer: 'I would use a queue and retries.' });
    expect(graded.status, await graded.clone().text()).toBe(200);
    const evaluation = await graded.json();
    const next = await request('/v1/plan/next', {
      plan,
      history: [{ questionId: question.id, answer: 'I would use a queue.', evaluation, elapsedSeconds: 30 }],
    });
    expect(next.status, await next.clone().text()).toBe(200);
  });

  it('publishes every request body with additionalProperties: false at every object', () => {
    const document = buildOpenApiDocument({ title: 't', version: '0' }, apiOperations);
    const posted = apiOperations.filter((op) => op.request);
    expect(posted.map((op) => op.path).sort()).toEqual(postRoutes.sort());
    for (const op of posted) {
      const schema = document.components.schemas[op.request!.name];
      const strict: Record<string, unknown>[] = [];
      const lenient: Record<string, unknown>[] = [];
      const walk = (node: unknown) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          const record = node as Record<string, unknown>;
          if (record.type === 'object' && record.properties) {
            if (record.additionalProperties === false) strict.push(record);
            else return void lenient.push(record);
          }
          Object.values(record).forEach(walk);
        }
      };
      walk(schema);
      expect(strict.length, op.path).toBeGreaterThan(0);
      // The one lenient object: a history entry's evaluation, what /v1/evaluate answered sent back as it came.
      expect(
        lenient.map((o) => Object.keys(o.properties as object).sort()),
        op.path,
      ).toEqual(op.path === '/v1/plan/next' ? [['gates', 'score']] : []);
    }
  });
});
