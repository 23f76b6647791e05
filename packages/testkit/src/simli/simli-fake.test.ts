import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SimliFake, startSimliFake } from './simli-fake.js';

describe('startSimliFake', () => {
  let fake: SimliFake;
  beforeEach(async () => {
    fake = await startSimliFake({ faces: ['face-1'] });
  });
  afterEach(async () => {
    await fake.close();
  });

  const token = (body: unknown, key = fake.apiKey) =>
    fetch(`${fake.url}/compose/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-simli-api-key': key },
      body: JSON.stringify(body),
    });

  it('mints a token for a known face (an emotion suffix is allowed)', async () => {
    const response = await token({ faceId: 'face-1/happy', handleSilence: true });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { session_token: string };
    expect(fake.sessionTokens.has(body.session_token)).toBe(true);
  });

  it('answers FAIL TOKEN for an unknown face, 422 for a malformed body, 401 for a wrong key', async () => {
    const unknown = await token({ faceId: 'face-9' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ session_token: 'FAIL TOKEN', detail: 'Face face-9 not found' });
    const malformed = await token({ maxIdleTime: 'soon' });
    expect(malformed.status).toBe(422);
    const detail = ((await malformed.json()) as { detail: { loc: string[] }[] }).detail;
    expect(detail.map((item) => item.loc.join('.'))).toEqual(
      expect.arrayContaining(['body.faceId', 'body.maxIdleTime']),
    );
    expect((await token({ faceId: 'face-1' }, 'wrong')).status).toBe(401);
  });

  it('serves ICE servers to the right key only', async () => {
    const ok = await fetch(`${fake.url}/compose/ice`, { headers: { 'x-simli-api-key': fake.apiKey } });
    expect(await ok.json()).toEqual(fake.iceServers);
    expect((await fetch(`${fake.url}/compose/ice`)).status).toBe(401);
  });

  it('reset() forgets unused faults', async () => {
    fake.fail(500);
    fake.reset();
    expect((await token({ faceId: 'face-1' })).status).toBe(200);
  });
});
