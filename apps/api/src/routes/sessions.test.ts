import type { InterviewSummary } from '@bot-backend/interview';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../errors/error-body.js';
import { startVoiceApi, type VoiceApi, VoiceTestClient } from '../voice/test-voice-api.js';

// The report of an interview run over /ws/voice (no vendors: typed answers, bank questions, rubric).
const running: VoiceApi[] = [];
const clients: VoiceTestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function setup() {
  const api = await startVoiceApi();
  running.push(api);
  const client = await VoiceTestClient.connect(api.wsUrl);
  clients.push(client);
  return { api, client };
}

const getReport = async (api: VoiceApi, id: string) => {
  const res = await fetch(`${api.url}/v1/sessions/${id}/report`);
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('GET /v1/sessions/{id}/report', () => {
  it('returns the evidence-linked summary of an interview run over /ws/voice, 409 while it runs', async () => {
    const { api, client } = await setup();
    const sessionId = await client.startTextInterview();

    const early = await getReport(api, sessionId);
    expect(early.status).toBe(409);
    expect((early.body as ErrorBody).error).toMatchObject({ code: 'report_not_ready' });

    client.send({
      type: 'text',
      text: 'I mostly use TypeScript and Go as languages, with frameworks such as Hono, because they keep services small; for example we used them for payments.',
    });
    await client.waitFor('evaluation');
    client.send({ type: 'end' });
    const sent = (await client.waitFor('summary')) as unknown as { summary: InterviewSummary };

    const { status, body } = await getReport(api, sessionId);
    expect(status).toBe(200);
    const report = body as InterviewSummary;
    expect(report).toEqual(sent.summary);
    expect(report.sessionId).toBe(sessionId);
    expect(report.questions).toHaveLength(1);
    const [answer] = report.questions;
    // A warm-up answer: shown with its rating scale, not graded.
    expect(answer).toMatchObject({ phase: 'intro', graded: false, score: null, anchor: null });
    expect(answer!.scale?.['5']).toMatch(/languages/);
    expect(answer!.evidence[0]!.text).toMatch(/TypeScript and Go/);
    // Every cited span is a span of the transcript, with its session-clock times.
    for (const span of answer!.evidence) expect(report.transcript).toContainEqual(span);
    expect(report.versions.rubric).toMatch(/\S/);
    expect(report.versions.prompt).toMatch(/\S/);
  });

  it('404s an unknown session with a clear error, and 422s an id that cannot be one', async () => {
    const { api } = await setup();
    const missing = await getReport(api, 'no-such-session');
    expect(missing.status).toBe(404);
    expect((missing.body as ErrorBody).error).toMatchObject({
      code: 'session_not_found',
      message: expect.stringMatching(/No interview session no-such-session/),
    });
    const bad = await getReport(api, 'bad%20id');
    expect(bad.status).toBe(422);
    expect((bad.body as ErrorBody).error.code).toBe('validation_failed');
  });

  it('asks for a service token like the rest of /v1 when INBOUND_AUTH=jwt', async () => {
    const api = await startVoiceApi({
      INBOUND_AUTH: 'jwt',
      INTERNAL_SERVICE_JWT_SECRET: 'x'.repeat(40),
    });
    running.push(api);
    const res = await fetch(`${api.url}/v1/sessions/anything/report`);
    expect(res.status).toBe(401);
  });
});
