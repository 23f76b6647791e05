import { VendorError } from '@bot-backend/interfaces';
import { startSimliFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it } from 'vitest';
import type { SimliSettings } from './simli-options.js';
import { createSimli } from './simli-provider.js';

async function rejection(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    if (VendorError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('SimliAvatar', () => {
  const fake = useFake(() => startSimliFake({ faces: ['face-1', 'face-2'] }));

  const avatar = (settings: Partial<SimliSettings> = {}) =>
    createSimli({ apiKey: fake.apiKey, baseURL: fake.url, faceId: 'face-1', ...settings }).avatar();

  it('mints a Compose session token with the documented request and returns token, expiry, face and ICE servers', async () => {
    const now = 1_800_000_000_000;
    const session = await avatar({ now: () => now }).createSession();
    const [sent] = fake.tokenRequests();
    expect(sent?.request.method).toBe('POST');
    expect(sent?.request.path).toBe('/compose/token');
    expect(sent?.request.headers['x-simli-api-key']).toBe(fake.apiKey);
    expect(sent?.request.headers['content-type']).toBe('application/json');
    expect(sent?.body).toEqual({
      faceId: 'face-1',
      handleSilence: true,
      maxSessionLength: 3600,
      maxIdleTime: 300,
      apiVersion: 'v2',
      audioInputFormat: 'pcm16',
    });
    const ice = fake.server.requests.find((request) => request.path === '/compose/ice');
    expect(ice?.method).toBe('GET');
    expect(ice?.headers['x-simli-api-key']).toBe(fake.apiKey);

    expect(session).toEqual({
      provider: 'simli',
      sessionToken: sent?.sessionToken,
      expiresAt: now + 3600 * 1000,
      faceId: 'face-1',
      iceServers: fake.iceServers,
      warnings: [],
    });
    expect(fake.sessionTokens.has(session.sessionToken)).toBe(true);
  });

  it('puts every option on the wire: call options win over settings', async () => {
    const simli = avatar({
      maxSessionLengthSec: 900,
      maxIdleTimeSec: 60,
      handleSilence: false,
      model: 'artalk',
    });
    const fromSettings = await simli.createSession();
    const fromCall = await simli.createSession({
      faceId: 'face-2/emotion-7',
      maxSessionLengthSec: 600,
      maxIdleTimeSec: 30,
    });
    const [first, second] = fake.tokenRequests();
    expect(first?.body).toEqual({
      faceId: 'face-1',
      handleSilence: false,
      maxSessionLength: 900,
      maxIdleTime: 60,
      apiVersion: 'v2',
      audioInputFormat: 'pcm16',
      model: 'artalk',
    });
    expect(second?.body).toMatchObject({
      faceId: 'face-2/emotion-7',
      maxSessionLength: 600,
      maxIdleTime: 30,
    });
    expect(fromSettings.faceId).toBe('face-1');
    expect(fromCall.faceId).toBe('face-2/emotion-7');
    expect(fromCall.sessionToken).not.toBe(fromSettings.sessionToken);
  });

  it('skips the ICE request when told to', async () => {
    const session = await avatar({ iceServers: false }).createSession();
    expect(session.iceServers).toBeUndefined();
    expect(fake.server.requests.map((request) => request.path)).toEqual(['/compose/token']);
  });

  it('still returns the session when only the ICE list fails, and says so', async () => {
    fake.failIce(503);
    const session = await avatar().createSession();
    expect(fake.sessionTokens.has(session.sessionToken)).toBe(true);
    expect(session.iceServers).toBeUndefined();
    expect(session.warnings).toHaveLength(1);
    expect(session.warnings[0]).toMatch(/ice servers unavailable: .*503/);
  });

  it('a stalled ICE list gives way to the timeout without losing the token', async () => {
    fake.stallIce();
    // Long enough for the token to come back on a loaded machine; the ICE list never does.
    const session = await avatar({ timeoutMs: 1000 }).createSession();
    expect(session.sessionToken.length).toBeGreaterThan(0);
    expect(session.warnings[0]).toMatch(/ice servers unavailable/);
    await waitFor(() => fake.openConnections() === 0);
  });

  it("maps Simli's FAIL TOKEN answer for an unknown face to bad_request with the detail", async () => {
    const error = await rejection(avatar().createSession({ faceId: 'no-such-face' }));
    expect(error).toMatchObject({ kind: 'bad_request', status: 400, retryable: false, vendor: 'simli' });
    expect(error.message).toContain('Face no-such-face not found');
  });

  it('maps a wrong key to auth', async () => {
    const error = await rejection(
      createSimli({ apiKey: 'wrong', baseURL: fake.url, faceId: 'face-1' }).avatar().createSession(),
    );
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).toContain('Invalid API Key');
  });

  it('maps 429 to rate_limit with the Retry-After delay', async () => {
    fake.fail(429, { retryAfterSec: 3 });
    const error = await rejection(avatar().createSession());
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 3000, retryable: true });
  });

  it('maps a validation error (422) to bad_request with its messages', async () => {
    fake.fail(422, {
      body: { detail: [{ loc: ['body', 'faceId'], msg: 'field required', type: 'missing' }] },
    });
    const error = await rejection(avatar().createSession());
    expect(error).toMatchObject({ kind: 'bad_request', status: 422 });
    expect(error.message).toContain('field required');
  });

  it('maps a dropped socket to unavailable', async () => {
    fake.drop();
    const error = await rejection(avatar().createSession());
    expect(error).toMatchObject({ kind: 'unavailable', retryable: true });
  });

  it('maps a refused connection to unavailable', async () => {
    const gone = await startSimliFake();
    const url = gone.url;
    await gone.close();
    const error = await rejection(
      createSimli({ apiKey: 'k', baseURL: url, faceId: 'face-1' }).avatar().createSession(),
    );
    expect(error.kind).toBe('unavailable');
  });

  it('rejects without a request when no face is known', async () => {
    const error = await rejection(
      createSimli({ apiKey: fake.apiKey, baseURL: fake.url }).avatar().createSession(),
    );
    expect(error.kind).toBe('bad_request');
    expect(error.message).toContain('faceId');
    expect(fake.server.requests).toHaveLength(0);
  });

  it('sends the avatar into a LiveKit room with the session token', async () => {
    const simli = avatar();
    const session = await simli.createSession();
    await simli.startLiveKitAgent({
      sessionToken: session.sessionToken,
      livekitUrl: 'wss://livekit.example.test',
      livekitToken: 'lk-token',
    });
    expect(fake.liveKitAgents()).toEqual([
      {
        session_token: session.sessionToken,
        livekit_token: 'lk-token',
        livekit_url: 'wss://livekit.example.test',
      },
    ]);
    const request = fake.server.requests.find((r) => r.path === '/integrations/livekit/agents');
    // The session token authenticates this call; the API key stays home.
    expect(request?.headers['x-simli-api-key']).toBeUndefined();
    const error = await rejection(
      simli.startLiveKitAgent({ sessionToken: 'forged', livekitUrl: 'wss://x', livekitToken: 't' }),
    );
    expect(error.kind).toBe('auth');
  });
});

describe('createSimli', () => {
  it('fails at construction without an apiKey, naming SIMLI_API_KEY', () => {
    expect(() => createSimli({ apiKey: '' })).toThrow(/SIMLI_API_KEY/);
    expect(() => createSimli({} as SimliSettings)).toThrow(/SIMLI_API_KEY/);
  });

  it('declares the Avatar identity', () => {
    const avatar = createSimli({ apiKey: 'k' }).avatar();
    expect(avatar.specificationVersion).toBe('v1');
    expect(avatar.provider).toBe('simli');
    expect(avatar.baseURL).toBe('https://api.simli.ai');
  });
});
