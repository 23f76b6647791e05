import { type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MainProcess, startMain } from './test-main-process.js';

const startupBoundMs = 15_000;
let fake: OpenAiFake;
const running: MainProcess[] = [];
beforeAll(async () => {
  fake = await startOpenAiFake({ apiKey: 'sk-only-key' });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.cleanup()));
  fake.reset();
});
afterAll(async () => {
  await fake.close();
});

// An answer long enough and on topic, so no gate caps what the LLM says.
const answer = {
  sessionId: 's-inferred',
  role: 'frontend',
  experienceLevel: 'junior',
  question: { id: 'q-cache', text: 'Why would you cache an HTTP response?', expectedKeywords: ['latency'] },
  answer:
    'Caching a response avoids a round trip to the origin, which lowers latency and the load on the server for repeated requests.',
};

describe('main with only OPENAI_API_KEY in .env.local (the original configuration)', () => {
  it('infers openai for the LLM, says so at start, and /v1/evaluate grades with it', async () => {
    fake.reply({
      json: { score: 7, feedback: 'Correct and concise.', strengths: ['memory'], improvements: [] },
    });
    const api = startMain(
      { PORT: '0' },
      { files: { '.env.local': `OPENAI_API_KEY=sk-only-key\nOPENAI_BASE_URL=${fake.openaiBaseURL}\n` } },
    );
    running.push(api);
    const port = await api.listening(startupBoundMs);
    const log = api.stdout();
    expect(log).toMatch(/"setting":"LLM_PROVIDER".*"msg":"LLM_PROVIDER is not set; using openai/);
    expect(log).not.toContain('sk-only-key');

    const response = await fetch(`http://127.0.0.1:${port}/v1/evaluate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(answer),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ evaluator: 'llm', model: 'gpt-4o-mini', score: 7 });
    expect(fake.rejections()).toEqual([]);
    expect(fake.chatRequests()[0]?.headers.authorization).toBe('Bearer sk-only-key');
  });
});
