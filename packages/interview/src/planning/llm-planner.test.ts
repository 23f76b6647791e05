import { type OpenAiFake, type OpenAiFakeRequest, startOpenAiFake } from '@bot-backend/testkit';
import { createOpenAI } from '@bot-backend/vendors-openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { planFromBank } from './bank-planner.js';
import { type LlmPlanOutput, planAsLlmOutput, planInterview, planWithLlm } from './llm-planner.js';
import { checkPlanInvariants } from './plan-invariants.js';
import { experienceLevelIds, interviewFormats, type Plan, type PlanRequest } from './plan-schema.js';
import { defaultQuestionBank } from './question-bank.js';
import { seededRandom } from './seeded-random.js';

const bank = defaultQuestionBank();

/** What a model that keeps every rule would answer: the bank's plan in the LLM's output shape. */
function goodOutput(request: PlanRequest, rename = (text: string) => text): LlmPlanOutput {
  const out = planAsLlmOutput(planFromBank(request, bank));
  for (const phase of out.phases) for (const q of phase.questions) q.text = rename(q.text);
  return out;
}

/** The same plan with its technical difficulty falling and a question asked twice. */
function badOutput(request: PlanRequest): LlmPlanOutput {
  const out = goodOutput(request);
  const technical = out.phases.find((p) => p.phase === 'technical')!;
  technical.questions.reverse();
  technical.questions.push({ ...technical.questions[0]!, timeSeconds: 60 });
  return out;
}

const systemPrompt = (r: OpenAiFakeRequest) =>
  ((r.body?.messages as { role: string; content: string }[]) ?? [])
    .map((m) => `${m.role}: ${m.content}`)
    .join('\n');

describe('LLM planner through OpenAILlm and the OpenAI fake', () => {
  let fake: OpenAiFake;
  beforeAll(async () => {
    fake = await startOpenAiFake();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    fake.respond(undefined);
  });
  const llm = () => createOpenAI({ apiKey: 'sk-test', baseURL: fake.openaiBaseURL }).llm();

  const request: PlanRequest = {
    role: 'backend',
    experienceLevel: 'senior',
    format: 'blended',
    durationMinutes: 45,
    seed: 7,
    jobDescription: 'You will build event streaming services in Go on top of Kafka.',
  };

  it('serves a valid LLM plan, asked for with structured output and the job description in the prompt', async () => {
    // A model that follows the prompt: it names the technologies of the job description it was given.
    fake.respond((r) => {
      const prompt = systemPrompt(r);
      const tech = ['Kafka', 'Go'].filter((t) => new RegExp(`\\b${t}\\b`).test(prompt));
      let n = 0;
      return {
        json: goodOutput(request, (text) =>
          n++ === 2 && tech.length ? `${text} (We use ${tech.join(' and ')}.)` : text,
        ),
      };
    });
    const outcome = await planWithLlm(request, { llm: llm(), bank });
    expect(outcome).toMatchObject({ llmCalls: 1, violations: [] });
    expect(outcome.plan.planner).toBe('llm');
    expect(checkPlanInvariants(outcome.plan, request, bank)).toEqual([]);
    expect(JSON.stringify(outcome.plan)).toMatch(/Kafka and Go/);

    const sent = fake.chatRequests()[0]!;
    expect(sent.body?.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'interview_plan' },
    });
    const prompt = systemPrompt(sent);
    expect(prompt).toContain(
      '<job-description>\nYou will build event streaming services in Go on top of Kafka.',
    );
    expect(prompt).toMatch(/difficulty must never fall/);
    expect(prompt).toMatch(/at most 2700 seconds/);
    expect(prompt).toMatch(/code-[a-z-]+ \(difficulty [345]/);
    // Code questions come from the bank with its verified tests, whatever the model wrote.
    const code = outcome.plan.phases.find((p) => p.phase === 'coding')!.questions[0]!;
    expect(code.tests).toEqual(bank.question(code.id)!.tests);
  });

  it('repairs a plan that breaks the invariants, listing the violations', async () => {
    fake.reply({ json: badOutput(request) });
    fake.reply({ json: goodOutput(request) });
    const before = fake.chatRequests().length;
    const outcome = await planWithLlm(request, { llm: llm(), bank });
    expect(outcome.plan.planner).toBe('llm');
    expect(outcome.llmCalls).toBe(2);
    expect(checkPlanInvariants(outcome.plan, request, bank)).toEqual([]);
    const repair = systemPrompt(fake.chatRequests()[before + 1]!);
    expect(repair).toMatch(/That plan breaks these rules/);
    expect(repair).toMatch(/difficulty must never fall/);
    expect(repair).toMatch(/appears twice|repeats question/);
  });

  it('replaces a plan that is still broken after the repair with the bank plan', async () => {
    fake.reply({ json: badOutput(request) });
    fake.reply({ json: badOutput(request) });
    const outcome = await planWithLlm(request, { llm: llm(), bank });
    expect(outcome).toMatchObject({ fallbackReason: 'invariants', llmCalls: 2 });
    expect(outcome.violations.map((v) => v.code)).toContain('difficulty_falls');
    expect(outcome.plan.planner).toBe('bank');
    expect(outcome.plan.warnings[0]).toMatch(/llm planner not used \(invariants\)/);
    expect(checkPlanInvariants(outcome.plan, request, bank)).toEqual([]);
  });

  it('rejects a coding problem the bank does not have', async () => {
    const invented = goodOutput(request);
    const coding = invented.phases.find((p) => p.phase === 'coding')!;
    coding.questions[0]!.codingProblemId = 'code-invented-by-the-model';
    fake.reply({ json: invented });
    fake.reply({ json: invented });
    const before = fake.chatRequests().length;
    const outcome = await planWithLlm(request, { llm: llm(), bank });
    expect(outcome.plan.planner).toBe('bank');
    expect(systemPrompt(fake.chatRequests()[before + 1]!)).toMatch(/code-invented-by-the-model/);
  });

  it('falls back to the bank when the output never matches the schema', async () => {
    fake.reply({ text: 'Here is a great plan: ask about Kafka.' });
    fake.reply({ json: { phases: 'intro, technical' } });
    const outcome = await planWithLlm(request, { llm: llm(), bank });
    expect(outcome).toMatchObject({ fallbackReason: 'invalid_output' });
    expect(outcome.plan.planner).toBe('bank');
    expect(checkPlanInvariants(outcome.plan, request, bank)).toEqual([]);
  });

  it('falls back to the bank when the vendor fails', async () => {
    fake.fail(503, { message: 'overloaded' });
    const outcome = await planWithLlm(request, { llm: llm(), bank });
    expect(outcome).toMatchObject({ fallbackReason: 'vendor_error', llmCalls: 1 });
    expect(outcome.plan.planner).toBe('bank');
  });

  it('does not plan when the caller has cancelled', async () => {
    fake.stall();
    const controller = new AbortController();
    const pending = planWithLlm(request, { llm: llm(), bank, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow();
  });

  it('never serves a plan that breaks the invariants, over 40 generated requests and a model that often errs', async () => {
    const gen = seededRandom(99);
    const roles = bank.roles.map((r) => r.id);
    let llmServed = 0;
    let replaced = 0;
    for (let i = 0; i < 40; i++) {
      const req: PlanRequest = {
        role: roles[gen.int(roles.length)]!,
        experienceLevel: experienceLevelIds[gen.int(3)]!,
        format: interviewFormats[gen.int(4)]!,
        durationMinutes: 10 + gen.int(110),
        seed: gen.int(1000),
      };
      const broken = (): LlmPlanOutput => {
        const out = goodOutput(req);
        const mutation = gen.int(3);
        const phase = out.phases[gen.int(out.phases.length)]!;
        if (mutation === 0) phase.questions[0]!.timeSeconds += req.durationMinutes * 60;
        else if (mutation === 1) phase.questions.push({ ...phase.questions[0]! });
        else
          for (const p of out.phases)
            for (const q of p.questions)
              if (p.phase !== 'intro' && p.phase !== 'wrap_up')
                q.difficulty = req.experienceLevel === 'senior' ? 1 : 5;
        return out;
      };
      fake.reply({ json: gen.next() < 0.5 ? broken() : goodOutput(req) });
      fake.reply({ json: gen.next() < 0.5 ? broken() : goodOutput(req) });
      const outcome = await planWithLlm(req, { llm: llm(), bank });
      fake.reset();
      const plan: Plan = outcome.plan;
      expect(checkPlanInvariants(plan, req, bank), JSON.stringify(req)).toEqual([]);
      if (plan.planner === 'llm') llmServed++;
      else replaced++;
    }
    expect(llmServed).toBeGreaterThan(0);
    expect(replaced).toBeGreaterThan(0);
  });

  it('planInterview uses the bank when no LLM is configured', async () => {
    const before = fake.chatRequests().length;
    const outcome = await planInterview(request, { bank });
    expect(outcome).toMatchObject({ llmCalls: 0, violations: [] });
    expect(outcome.plan.planner).toBe('bank');
    expect(fake.chatRequests().length).toBe(before);
  });
});
