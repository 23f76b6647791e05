import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startVoiceApi, type VoiceApi, VoiceTestClient } from './test-voice-api.js';

const running: VoiceApi[] = [];
async function api(env: Record<string, string> = {}): Promise<VoiceApi> {
  const started = await startVoiceApi(env);
  running.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

/** Opens /ws/voice with this Origin header: the HTTP status of a refusal, or 101 when it upgraded. */
function upgradeStatus(target: VoiceApi, origin: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(target.wsUrl, origin === undefined ? {} : { origin });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => {
      if (socket.readyState !== WebSocket.CLOSED) reject(error);
    });
  });
}

describe('/ws/voice and the page: security', () => {
  it('lets in its own origin, listed origins and non-browser clients; refuses other sites with 403', async () => {
    const target = await api({ CORS_ORIGINS: 'https://app.example.com' });
    expect(await upgradeStatus(target, target.url)).toBe(101);
    expect(await upgradeStatus(target, 'https://app.example.com')).toBe(101);
    expect(await upgradeStatus(target, undefined)).toBe(101);
    expect(await upgradeStatus(target, 'https://evil.example')).toBe(403);
    expect(await upgradeStatus(target, 'https://app.example.com.evil.example')).toBe(403);
    expect(await upgradeStatus(target, 'null')).toBe(403);
    expect(await upgradeStatus(target, 'https://app.example.com/path')).toBe(403);
    expect(target.deps.logLines().some((line) => line.msg === 'voice socket refused: foreign origin')).toBe(
      true,
    );
  });

  it('lets in Origin: null (a page opened from a file) only when CORS_ALLOW_NULL_ORIGIN=true', async () => {
    const optedIn = await api({ CORS_ALLOW_NULL_ORIGIN: 'true' });
    expect(await upgradeStatus(optedIn, 'null')).toBe(101);
    expect(await upgradeStatus(optedIn, 'https://evil.example')).toBe(403);
    // `*` (development only) is any web origin, but still not `null` unless opted in.
    const any = await api({ CORS_ORIGINS: '*' });
    expect(await upgradeStatus(any, 'https://anywhere.example')).toBe(101);
    expect(await upgradeStatus(any, 'null')).toBe(403);
  });

  it('answers 404 for a client file name that is only an inherited property', async () => {
    const target = await api();
    for (const name of [
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'valueOf',
      '__defineGetter__',
    ]) {
      const response = await fetch(`${target.url}/client/${name}`);
      expect(response.status, name).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect((await fetch(`${target.url}/client/app.js`)).status).toBe(200);
  });

  it('serves only the listed client files, never a path outside public/', async () => {
    const target = await api();
    for (const path of [
      '/client/..%2fpackage.json',
      '/client/%2e%2e%2f%2e%2e%2fpackage.json',
      '/client/app.ts',
      '/client/',
    ]) {
      const response = await fetch(`${target.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('"name": "@bot-backend/api"');
    }
    const raw = await new Promise<number>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: new URL(target.url).port,
        path: '/client/../../package.json',
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(raw).toBe(404);
  });

  it('sends the page with a same-origin content security policy', async () => {
    const target = await api();
    const page = await fetch(`${target.url}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('keeps answers out of the logs and refuses start messages with unknown fields', async () => {
    const target = await api({ LOG_LEVEL: 'debug' });
    const client = await VoiceTestClient.connect(target.wsUrl);
    client.send({
      type: 'start',
      role: 'backend',
      experienceLevel: 'mid',
      format: 'blended',
      sampleRate: 16_000,
      admin: true,
    });
    expect((await client.waitFor('error')).code).toBe('bad_message');
    client.send({
      type: 'start',
      role: '../../etc',
      experienceLevel: 'mid',
      format: 'blended',
      sampleRate: 16_000,
    });
    await client.waitFor('error', () => client.of('error').length >= 2);
    client.send({
      type: 'start',
      role: 'backend',
      experienceLevel: 'mid',
      format: 'blended',
      sampleRate: 16_000,
    });
    await client.waitFor('session');
    const secret = 'my-secret-answer-mentioning-Kafka-and-Postgres';
    client.send({ type: 'text', text: `I would use ${secret} for the ledger.` });
    await client.waitFor('evaluation');
    client.send({ type: 'end' });
    await client.closed;
    const logs = JSON.stringify(target.deps.logLines());
    expect(logs).toContain('voice interview started');
    expect(logs).not.toContain(secret);
  });
});
