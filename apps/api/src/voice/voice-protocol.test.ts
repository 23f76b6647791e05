import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  type ServerMessage,
  startVoiceApi,
  tonePcm16,
  type VoiceApi,
  VoiceTestClient,
} from './test-voice-api.js';

// The transport with the real conversation engine and no vendors (typed answers, bank questions, rubric).
const start = {
  type: 'start',
  role: 'backend',
  experienceLevel: 'mid',
  format: 'blended',
  sampleRate: 16_000,
};

const running: VoiceApi[] = [];
const clients: VoiceTestClient[] = [];
async function api(env: Record<string, string> = {}): Promise<VoiceApi> {
  const started = await startVoiceApi(env);
  running.push(started);
  return started;
}
async function connect(target: VoiceApi): Promise<VoiceTestClient> {
  const client = await VoiceTestClient.connect(target.wsUrl);
  clients.push(client);
  return client;
}
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(running.splice(0).map((r) => r.close()));
});

const interviewerFinal = (m: ServerMessage) => m.role === 'interviewer' && m.final === true;

describe('/ws/voice with no vendors', () => {
  it('runs a typed interview: session, questions, evaluations, then the summary on end and a 1000 close', async () => {
    const target = await api();
    const client = await connect(target);
    client.send(start);
    const session = await client.waitFor('session');
    expect(session).toMatchObject({ phase: 'intro', planner: 'bank' });
    expect(session.sessionId).toEqual(expect.any(String));
    await client.waitFor('transcript', interviewerFinal);

    client.send({
      type: 'text',
      text: 'I build payment APIs in Go and Python on Postgres and Kafka, and I have led a team of four for two years.',
    });
    await client.waitFor('evaluation');
    await client.waitFor(
      'transcript',
      (m) => interviewerFinal(m) && client.of('transcript').filter(interviewerFinal).length >= 2,
    );
    expect(client.of('transcript').some((m) => m.role === 'candidate' && m.final === true)).toBe(true);

    client.send({ type: 'end' });
    const summary = await client.waitFor('summary');
    expect(summary.summary).toMatchObject({
      sessionId: session.sessionId,
      endedBy: 'candidate',
      role: 'backend',
    });
    expect((await client.closed).code).toBe(1000);
    expect(client.audio).toHaveLength(0);
    await expect.poll(() => target.app.voice.size).toBe(0);
  });

  it('answers a malformed message with an error and keeps the socket', async () => {
    const client = await connect(await api());
    client.sendRaw('not json');
    client.send({ type: 'dance' });
    client.send({ ...start, sampleRate: 12_345 });
    client.send({ type: 'text', text: 'before start' });
    client.sendRaw(Buffer.alloc(320));
    await client.waitFor('error', () => client.of('error').length >= 5);
    expect(client.of('error').map((m) => m.code)).toEqual([
      'bad_message',
      'bad_message',
      'bad_message',
      'not_started',
      'not_started',
    ]);
    expect(client.of('error')[2]!.message).toMatch(/sampleRate/);

    client.send(start);
    await client.waitFor('session');
    client.sendRaw(Buffer.alloc(321));
    client.send(start);
    await client.waitFor('error', () => client.of('error').length >= 7);
    expect(
      client
        .of('error')
        .slice(5)
        .map((m) => m.code),
    ).toEqual(['bad_audio', 'already_started']);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('refuses a start the planner cannot serve (an unknown role) with bad_start and 1008, naming the roles', async () => {
    const client = await connect(await api());
    client.send({ ...start, role: 'astronaut' });
    const error = await client.waitFor('error');
    expect(error.code).toBe('bad_start');
    expect(error.message).toMatch(/backend/);
    expect((await client.closed).code).toBe(1008);
  });

  it('closes with 1009 and frame_too_large when a message is over VOICE_MAX_FRAME_BYTES', async () => {
    const target = await api({ VOICE_MAX_FRAME_BYTES: '4096' });
    const client = await connect(target);
    client.send(start);
    await client.waitFor('session');
    client.sendRaw(Buffer.alloc(4098));
    const error = await client.waitFor('error');
    expect(error.code).toBe('frame_too_large');
    expect((await client.closed).code).toBe(1009);
    // Far over the limit (beyond what ws itself buffers) still closes with 1009.
    const other = await connect(target);
    other.sendRaw(Buffer.alloc(64 * 1024 + 8192 + 2));
    expect((await other.closed).code).toBe(1009);
  });

  it('closes with 1009 and turn_audio_limit when one turn carries more audio than VOICE_MAX_TURN_AUDIO_MS', async () => {
    const client = await connect(await api({ VOICE_MAX_TURN_AUDIO_MS: '1000' }));
    client.send(start);
    await client.waitFor('session');
    await client.waitFor('transcript', interviewerFinal);
    const frame = tonePcm16(100);
    for (let i = 0; i < 9; i++) client.sendRaw(frame);
    const asked = client.of('transcript').filter(interviewerFinal).length;
    client.send({ type: 'commit' });
    await client.waitFor(
      'transcript',
      (m) => interviewerFinal(m) && client.of('transcript').filter(interviewerFinal).length > asked,
    );
    for (let i = 0; i < 9; i++) client.sendRaw(frame);
    // 1.8 s in all, but a commit ended the first turn: still open.
    await new Promise((resolve) => setTimeout(resolve, 100));
    // (Without an STT the engine says once that speech is not transcribed; the socket stays.)
    expect(client.of('error').map((m) => m.code)).not.toContain('turn_audio_limit');
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    for (let i = 0; i < 3; i++) client.sendRaw(frame);
    expect((await client.waitFor('error', (m) => m.code === 'turn_audio_limit')).code).toBe(
      'turn_audio_limit',
    );
    expect((await client.closed).code).toBe(1009);
  });

  it('wraps up an idle socket with its summary and closes with 1008', async () => {
    const client = await connect(await api({ VOICE_IDLE_TIMEOUT_MS: '1000' }));
    client.send(start);
    await client.waitFor('session');
    expect((await client.waitFor('error', () => true, 5_000)).code).toBe('idle_timeout');
    const summary = await client.waitFor('summary');
    expect(summary.summary).toMatchObject({ endedBy: 'limit' });
    expect((await client.closed).code).toBe(1008);
  });

  it('keeps a socket that keeps sending past the idle timeout, and closes it once it stops', async () => {
    const client = await connect(await api({ VOICE_IDLE_TIMEOUT_MS: '1500' }));
    client.send(start);
    await client.waitFor('session');
    for (let i = 0; i < 12; i++) {
      client.send({ type: 'interrupt' });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // 3 s of messages 250 ms apart: twice the timeout, never idle.
    expect(client.of('error').map((m) => m.code)).not.toContain('idle_timeout');
    const stoppedAt = performance.now();
    expect((await client.waitFor('error', (m) => m.code === 'idle_timeout', 5_000)).code).toBe(
      'idle_timeout',
    );
    expect(performance.now() - stoppedAt).toBeGreaterThanOrEqual(1000);
    expect((await client.closed).code).toBe(1008);
  });

  it('ends an interview at VOICE_MAX_SESSION_MS with its summary and a 1008 close', async () => {
    const client = await connect(await api({ VOICE_MAX_SESSION_MS: '1000' }));
    client.send(start);
    await client.waitFor('session');
    client.send({ type: 'text', text: 'Still talking about my last project and its database.' });
    expect((await client.waitFor('error', () => true, 5_000)).code).toBe('session_time_limit');
    expect((await client.waitFor('summary')).summary).toMatchObject({ endedBy: 'limit' });
    expect((await client.closed).code).toBe(1008);
  });

  it('refuses a session over VOICE_MAX_SESSIONS with too_many_sessions and 1013, and counts active sessions', async () => {
    const target = await api({ VOICE_MAX_SESSIONS: '1' });
    const first = await connect(target);
    first.send(start);
    await first.waitFor('session');
    const second = await connect(target);
    expect((await second.waitFor('error')).code).toBe('too_many_sessions');
    expect((await second.closed).code).toBe(1013);
    const metrics = await (await fetch(`${target.url}/metrics`)).text();
    expect(metrics).toMatch(/^voice_active_sessions 1$/m);

    first.close();
    await first.closed;
    await expect.poll(() => target.app.voice.size).toBe(0);
    const third = await connect(target);
    third.send(start);
    await third.waitFor('session');
    await expect
      .poll(
        async () =>
          (await (await fetch(`${target.url}/metrics`)).text()).match(/^voice_active_sessions (\d+)$/m)?.[1],
      )
      .toBe('1');
  });

  it('answers a plain GET with 426 and an upgrade on another path with 404', async () => {
    const target = await api();
    const plain = await fetch(`${target.url}/ws/voice`);
    expect(plain.status).toBe(426);
    expect(await plain.json()).toMatchObject({ error: { code: 'upgrade_required' } });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${target.url}/ws/other`, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('upgrade', () => reject(new Error('upgraded')));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
  });

  it('ends every interview on shutdown with 1001 after its summary', async () => {
    const target = await startVoiceApi();
    const client = await connect(target);
    client.send(start);
    await client.waitFor('session');
    await target.close();
    expect(client.of('error').map((m) => m.code)).toContain('shutting_down');
    expect(client.of('summary')).toHaveLength(1);
    expect((await client.closed).code).toBe(1001);
  });
});
