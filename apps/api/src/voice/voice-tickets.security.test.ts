import type { Plan } from '@bot-backend/interview';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { openWithTicket, startVoiceApi, type VoiceApi, VoiceTestClient } from './test-voice-api.js';

const secret = 'a-voice-ticket-test-secret-of-32-chars+';
const authOn = { INBOUND_AUTH: 'jwt', INTERNAL_SERVICE_JWT_SECRET: secret };
const interview = { role: 'backend', experienceLevel: 'mid', format: 'blended' };
const start = { type: 'start', ...interview, sampleRate: 16_000 };

const running: VoiceApi[] = [];
async function api(env: Record<string, string> = {}): Promise<VoiceApi> {
  const started = await startVoiceApi({ ...authOn, ...env });
  running.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

/** A service token as user-management signs it. */
function serviceToken(subject?: string): Promise<string> {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('user-management')
    .setAudience('bot-backend')
    .setIssuedAt()
    .setExpirationTime('60s');
  if (subject) jwt.setSubject(subject);
  return jwt.sign(new TextEncoder().encode(secret));
}

async function post(target: VoiceApi, path: string, body: object, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${target.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function ticketFor(target: VoiceApi, body: object = interview, subject?: string): Promise<string> {
  const res = await post(target, '/v1/voice/sessions', body, await serviceToken(subject));
  expect(res.status, await res.clone().text()).toBe(201);
  const issued = (await res.json()) as { ticket: string; url: string; expiresAt: string };
  expect(issued.url).toBe(`/ws/voice?ticket=${encodeURIComponent(issued.ticket)}`);
  expect(Date.parse(issued.expiresAt)).toBeGreaterThan(Date.now());
  return issued.ticket;
}

/** Opens /ws/voice?ticket=… on the test's server. */
const open = (target: VoiceApi, ticket: string) => openWithTicket(target.wsUrl, ticket);

describe('/ws/voice behind inbound auth: session tickets', () => {
  it('POST /v1/voice/sessions needs a service token like the rest of /v1', async () => {
    const target = await api();
    expect((await post(target, '/v1/voice/sessions', interview)).status).toBe(401);
  });

  it('a valid ticket opens one interview, bound to the plan it was asked for; a second use is refused', async () => {
    const target = await api();
    const planned = await post(
      target,
      '/v1/plan',
      { ...interview, durationMinutes: 20, seed: 5 },
      await serviceToken(),
    );
    const plan = (await planned.json()) as Plan;
    const ticket = await ticketFor(target, { ...interview, plan });
    const opened = await open(target, ticket);
    expect(opened.status).toBe(101);
    opened.client!.send(start);
    const session = await opened.client!.waitFor('session');
    expect(session.planId).toBe(plan.planId);
    expect((await target.app.sessions.get(String(session.sessionId)))?.status).toBe('ongoing');

    expect(await open(target, ticket)).toMatchObject({ status: 401, code: 'ticket_used' });
    opened.client!.close();
  });

  it('binds a plan by its planId, and says so when the server does not hold it', async () => {
    const target = await api();
    const token = await serviceToken();
    const plan = (await (await post(target, '/v1/plan', { ...interview, seed: 9 }, token)).json()) as Plan;
    const byId = await post(target, '/v1/voice/sessions', { ...interview, planId: plan.planId }, token);
    expect(byId.status).toBe(201);
    expect(((await byId.json()) as { planId: string }).planId).toBe(plan.planId);
    const unknown = await post(target, '/v1/voice/sessions', { ...interview, planId: 'no-such-plan' }, token);
    expect(unknown.status).toBe(404);
    const mismatch = await post(
      target,
      '/v1/voice/sessions',
      { ...interview, format: 'verbal', plan },
      token,
    );
    expect(mismatch.status).toBe(422);
  });

  it('refuses a forged ticket before the upgrade, with 401', async () => {
    const target = await api();
    const ticket = await ticketFor(target);
    const [payload, signature] = ticket.split('.') as [string, string];
    const flipped = `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await open(target, flipped)).toMatchObject({ status: 401, code: 'ticket_invalid' });
    // Another expiry written into the payload breaks the signature too.
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp: number };
    const extended = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 3600_000 })).toString(
      'base64url',
    );
    expect(await open(target, `${extended}.${signature}`)).toMatchObject({
      status: 401,
      code: 'ticket_invalid',
    });
    expect(await open(target, 'not-a-ticket')).toMatchObject({ status: 401, code: 'ticket_invalid' });
    // The real one still works: refusals use nothing up.
    expect((await open(target, ticket)).status).toBe(101);
  });

  it('refuses an expired ticket with 401', async () => {
    const target = await api({ VOICE_TICKET_TTL_MS: '1000' });
    // Not ticketFor(): on a loaded machine the answer itself may arrive after the second is over.
    const res = await post(target, '/v1/voice/sessions', interview, await serviceToken());
    const { ticket } = (await res.json()) as { ticket: string };
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(await open(target, ticket)).toMatchObject({ status: 401, code: 'ticket_expired' });
  });

  it('without a ticket in the URL, takes it as the first message, and closes 4401 when it is not there', async () => {
    const target = await api();
    const bare = await VoiceTestClient.connect(target.wsUrl);
    bare.send(start);
    expect((await bare.waitFor('error')).code).toBe('ticket_required');
    expect((await bare.closed).code).toBe(4401);

    // Nothing sent at all: refused once the wait for the first message is over.
    const silent = await VoiceTestClient.connect(target.wsUrl);
    expect((await silent.closed).code).toBe(4401);
    expect(silent.of('error')[0]?.code).toBe('ticket_required');

    const used = await ticketFor(target);
    expect((await open(target, used)).status).toBe(101);
    const late = await VoiceTestClient.connect(target.wsUrl);
    late.send({ type: 'auth', ticket: used });
    expect((await late.waitFor('error')).code).toBe('ticket_used');
    expect((await late.closed).code).toBe(4401);

    const client = await VoiceTestClient.connect(target.wsUrl);
    client.send({ type: 'auth', ticket: await ticketFor(target) });
    client.send(start);
    expect((await client.waitFor('session')).sessionId).toEqual(expect.any(String));
    client.close();
  });

  it('closes 4403 when start asks for another interview than the ticket', async () => {
    const target = await api();
    const opened = await open(target, await ticketFor(target));
    opened.client!.send({ ...start, experienceLevel: 'senior' });
    expect((await opened.client!.waitFor('error')).code).toBe('ticket_mismatch');
    expect((await opened.client!.closed).code).toBe(4403);
  });

  it('limits concurrent interviews per token subject: one client cannot hold every slot', async () => {
    const target = await api({ VOICE_MAX_SESSIONS_PER_CLIENT: '1', VOICE_MAX_SESSIONS: '5' });
    const first = await open(target, await ticketFor(target, interview, 'candidate-1'));
    first.client!.send(start);
    await first.client!.waitFor('session');
    const second = await open(target, await ticketFor(target, interview, 'candidate-1'));
    expect((await second.client!.waitFor('error')).code).toBe('client_session_limit');
    expect((await second.client!.closed).code).toBe(1013);
    const other = await open(target, await ticketFor(target, interview, 'candidate-2'));
    other.client!.send(start);
    await other.client!.waitFor('session');
    // The slot frees when the first interview ends.
    first.client!.send({ type: 'end' });
    await first.client!.closed;
    await expect.poll(() => target.app.voice.size, { timeout: 15_000 }).toBe(1);
    const again = await open(target, await ticketFor(target, interview, 'candidate-1'));
    again.client!.send(start);
    await again.client!.waitFor('session');
    other.client!.close();
    again.client!.close();
  });

  it('counts clients without a token subject by address, also with auth off', async () => {
    const target = await api({ INBOUND_AUTH: 'off', VOICE_MAX_SESSIONS_PER_CLIENT: '1' });
    const first = await VoiceTestClient.connect(target.wsUrl);
    first.send(start);
    await first.waitFor('session');
    const second = await VoiceTestClient.connect(target.wsUrl);
    expect((await second.waitFor('error')).code).toBe('client_session_limit');
    first.close();
  });
});
