import { checkPlanInvariants, type Plan, type PlanRequest, planSchema } from '@bot-backend/interview';
import { type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { createOpenAI } from '@bot-backend/vendors-openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { ErrorBody } from '../errors/error-body.js';
import { apiOperations } from '../openapi/api-operations.js';
import { buildOpenApiDocument } from '../openapi/openapi-document.js';
import { testDeps } from '../test-deps.js';
import {
  levelsResponseSchema,
  planNextResponseSchema,
  planResponseSchema,
  rolesResponseSchema,
} from './plan-schemas.js';

const json = { 'content-type': 'application/json' };
const post = (app: ReturnType<typeof createApp>, path: string, body: unknown) =>
  app.request(path, { method: 'POST', headers: json, body: JSON.stringify(body) });
const valid = {
  role: 'backend',
  experienceLevel: 'senior',
  format: 'blended',
  durationMinutes: 45,
  jobDescription: 'Event streaming with Kafka and Go.',
  topics: ['kafka'],
  codingLanguage: 'python',
  seed: 7,
};

describe('GET /v1/roles and /v1/experience-levels', () => {
  it('lists the roles with their coding languages', async () => {
    const res = await createApp(testDeps()).request('/v1/roles');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { roles: { id: string; coding: boolean; languages: string[] }[] };
    expect(body.roles.map((r) => r.id)).toEqual(
      expect.arrayContaining(['backend', 'frontend', 'full-stack', 'mobile', 'data-engineer', 'ml-engineer']),
    );
    expect(body.roles.map((r) => r.id)).toEqual(
      expect.arrayContaining(['devops', 'qa', 'engineering-manager', 'product-manager']),
    );
    expect(body.roles.find((r) => r.id === 'product-manager')).toMatchObject({
      coding: false,
      languages: [],
    });
    expect(body.roles.find((r) => r.id === 'ml-engineer')?.languages).toEqual(['python']);
  });

  it('lists the levels with what they mean for difficulty and time', async () => {
    const res = await createApp(testDeps()).request('/v1/experience-levels');
    const body = (await res.json()) as {
      levels: {
        id: string;
        difficulty: { min: number; max: number };
        verbalTimeFactor: number;
        description: string;
      }[];
    };
    expect(body.levels.map((l) => l.id)).toEqual(['junior', 'mid', 'senior']);
    expect(body.levels[0]!.difficulty).toEqual({ min: 1, max: 3 });
    expect(body.levels[2]!.difficulty).toEqual({ min: 3, max: 5 });
    expect(body.levels[2]!.verbalTimeFactor).toBeGreaterThan(body.levels[0]!.verbalTimeFactor);
    expect(body.levels[1]!.description).toMatch(/difficulty 2-4/);
  });
});

describe('POST /v1/plan without keys', () => {
  it('plans from the bank in the documented shape', async () => {
    const res = await post(createApp(testDeps()), '/v1/plan', valid);
    expect(res.status).toBe(200);
    const plan = planSchema.parse(await res.json());
    expect(plan).toMatchObject({ planner: 'bank', seed: 7, codingLanguage: 'python' });
    expect(plan.phases.map((p) => p.phase)).toEqual([
      'intro',
      'technical',
      'coding',
      'behavioral',
      'wrap_up',
    ]);
    expect(plan.totalSeconds).toBeLessThanOrEqual(45 * 60);
    expect(checkPlanInvariants(plan, valid as PlanRequest)).toEqual([]);
    const code = plan.phases[2]!.questions[0]!;
    expect(code).toMatchObject({ kind: 'code', language: 'python' });
    expect(code.tests!.length).toBeGreaterThanOrEqual(3);
  });

  it('returns the same plan for the same seed', async () => {
    const app = createApp(testDeps());
    const a = await (await post(app, '/v1/plan', valid)).json();
    const b = await (await post(app, '/v1/plan', valid)).json();
    expect(a).toEqual(b);
  });

  it.each([
    ['an unknown role', { role: 'astronaut' }, 'role', /backend, frontend, full-stack/],
    ['an unknown level', { experienceLevel: 'principal' }, 'experienceLevel', /junior, mid, senior/],
    ['an unknown format', { format: 'quiz' }, 'format', /verbal, technical, behavioral, blended/],
    ['a duration under 5 minutes', { durationMinutes: 4 }, 'durationMinutes', /at least 5/],
    ['a duration over 180 minutes', { durationMinutes: 181 }, 'durationMinutes', /at most 180/],
    ['a fractional duration', { durationMinutes: 30.5 }, 'durationMinutes', /whole number/],
    [
      'a job description over 20,000 characters',
      { jobDescription: 'x'.repeat(20_001) },
      'jobDescription',
      /20000/,
    ],
    [
      'an unsupported coding language',
      { codingLanguage: 'cobol' },
      'codingLanguage',
      /javascript, typescript, python/,
    ],
  ])('answers 422 for %s, naming the field and what is allowed', async (_name, patch, field, allowed) => {
    const res = await post(createApp(testDeps()), '/v1/plan', { ...valid, ...patch });
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    const detail = body.error.details?.find((d) => d.path === field);
    expect(detail?.message).toMatch(allowed);
  });

  it('accepts a job description of exactly 20,000 characters and both duration limits', async () => {
    const app = createApp(testDeps());
    for (const patch of [
      { jobDescription: 'k'.repeat(20_000) },
      { durationMinutes: 5 },
      { durationMinutes: 180 },
    ]) {
      expect((await post(app, '/v1/plan', { ...valid, ...patch })).status).toBe(200);
    }
  });
});

describe('POST /v1/plan with an LLM (OpenAILlm against the OpenAI fake)', () => {
  let fake: OpenAiFake;
  beforeAll(async () => {
    fake = await startOpenAiFake();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('serves the bank plan, marked as such, logged and counted, when the LLM plan breaks the invariants twice', async () => {
    const broken = {
      phases: [
        {
          phase: 'technical',
          questions: [5, 2].map((difficulty, i) => ({
            text: `Explain Kafka consumer groups in depth, part ${i + 1}.`,
            difficulty,
            expectedKeywords: ['partition'],
            followUps: ['What about rebalancing?'],
            timeSeconds: 3000,
            topics: ['kafka'],
            codingProblemId: null,
          })),
        },
      ],
    };
    fake.reply({ json: broken });
    fake.reply({ json: broken });
    const openai = createOpenAI({ apiKey: 'sk-test', baseURL: fake.openaiBaseURL });
    const deps = testDeps();
    const app = createApp({ ...deps, providers: { llm: openai.llm() } });
    const res = await post(app, '/v1/plan', valid);
    expect(res.status).toBe(200);
    const plan = (await res.json()) as Plan;
    expect(plan.planner).toBe('bank');
    expect(plan.warnings[0]).toMatch(/invariants/);
    expect(checkPlanInvariants(plan, valid as PlanRequest)).toEqual([]);
    expect(fake.chatRequests()).toHaveLength(2);
    const warning = deps
      .logLines()
      .find((l) => l.msg === 'interview planned from the bank instead of the LLM');
    expect(warning).toMatchObject({ fallbackReason: 'invariants', llmCalls: 2 });
    expect(warning?.violations).toEqual(expect.arrayContaining(['difficulty_falls', 'over_budget']));
    const metrics = await deps.metrics.registry.getSingleMetricAsString('plans_total');
    expect(metrics).toMatch(/plans_total\{planner="bank",fallback_reason="invariants"\} 1/);
  });
});

describe('the published planning contract', () => {
  it('answers match the schemas of the OpenAPI document', async () => {
    const app = createApp(testDeps());
    expect(rolesResponseSchema.safeParse(await (await app.request('/v1/roles')).json()).success).toBe(true);
    expect(
      levelsResponseSchema.safeParse(await (await app.request('/v1/experience-levels')).json()).success,
    ).toBe(true);
    const plan = planResponseSchema.parse(await (await post(app, '/v1/plan', valid)).json());
    const step = await (await post(app, '/v1/plan/next', { plan, history: [] })).json();
    expect(planNextResponseSchema.parse(step)).toMatchObject({ type: 'question', reason: 'first' });
  });

  it('documents the four operations, with the allowed roles and limits in the request schema', () => {
    const document = buildOpenApiDocument({ title: 't', version: '0' }, apiOperations);
    expect(document.paths['/v1/roles']?.get).toBeDefined();
    expect(document.paths['/v1/experience-levels']?.get).toBeDefined();
    expect(document.paths['/v1/plan/next']?.post).toBeDefined();
    const request = document.components.schemas.PlanRequest as {
      properties: Record<string, { enum?: string[]; minimum?: number; maximum?: number; maxLength?: number }>;
    };
    expect(request.properties.role?.enum).toEqual(expect.arrayContaining(['backend', 'product-manager']));
    expect(request.properties.durationMinutes).toMatchObject({ minimum: 5, maximum: 180 });
    expect(request.properties.jobDescription?.maxLength).toBe(20_000);
  });
});
