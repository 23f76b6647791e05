import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vendorFixture } from '../vendor-fixtures.js';
import { type SimliFake, startSimliFake } from './simli-fake.js';

/** One test per rule of the Simli fake's `POST /compose/token` (sources in simli-fake.ts). */
describe('Simli fake: what POST /compose/token refuses', () => {
  let fake: SimliFake;
  beforeEach(async () => {
    fake = await startSimliFake({ faces: ['face-1'] });
  });
  afterEach(async () => {
    await fake.close();
  });

  const token = (body: unknown, headers: Record<string, string> = { 'x-simli-api-key': fake.apiKey }) =>
    fetch(`${fake.url}/compose/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const documented = vendorFixture<Record<string, unknown>>('simli', 'compose-token-request.json');
  const fields = async (response: Response) =>
    ((await response.json()) as { detail: Array<{ loc: string[] }> }).detail.map((item) =>
      item.loc.join('.'),
    );

  it("accepts the documentation's request example (with a face it knows)", async () => {
    const response = await token({ ...documented, faceId: 'face-1' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ session_token: expect.any(String) });
  });

  it('refuses a request without the API key header', async () => {
    expect((await token({ faceId: 'face-1' }, {})).status).toBe(401);
  });

  it('refuses a body without faceId, naming body.faceId in the FastAPI shape', async () => {
    const { faceId: _faceId, ...rest } = documented;
    const response = await token(rest);
    expect(response.status).toBe(422);
    expect(await fields(response)).toEqual(['body.faceId']);
    const shape = vendorFixture<{ detail: Array<Record<string, unknown>> }>('simli', 'validation-error.json');
    const body = (await (await token(rest)).json()) as { detail: Array<Record<string, unknown>> };
    expect(Object.keys(body.detail[0] ?? {}).sort()).toEqual(Object.keys(shape.detail[0] ?? {}).sort());
  });

  it.each([
    ['apiVersion other than v2', { apiVersion: 'v1' }, 'body.apiVersion'],
    ['audioInputFormat other than pcm16', { audioInputFormat: 'opus' }, 'body.audioInputFormat'],
    ['maxSessionLength that is not a whole number', { maxSessionLength: 60.5 }, 'body.maxSessionLength'],
    ['maxIdleTime given as text', { maxIdleTime: 'soon' }, 'body.maxIdleTime'],
    ['handleSilence given as text', { handleSilence: 'yes' }, 'body.handleSilence'],
    ['a negative startFrame', { startFrame: -1 }, 'body.startFrame'],
  ])('refuses %s with 422', async (_name, change, field) => {
    const response = await token({ faceId: 'face-1', ...change });
    expect(response.status).toBe(422);
    expect(await fields(response)).toEqual([field]);
  });

  it('answers a body that is not JSON with 422 json_invalid', async () => {
    const response = await token('{faceId:');
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ detail: [{ type: 'json_invalid' }] });
  });

  it('answers an unknown face with the OpenAPI 400 "Invalid Data" shape', async () => {
    const response = await token({ faceId: 'face-9' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    const shape = vendorFixture<Record<string, unknown>>('simli', 'compose-token-fail.json');
    expect(Object.keys(body).sort()).toEqual(Object.keys(shape).sort());
    expect(body.session_token).toBe('FAIL TOKEN');
  });

  it('lets fields it does not know through, as FastAPI does (model from simli-client)', async () => {
    expect((await token({ faceId: 'face-1', model: 'fasttalk', extra: 1 })).status).toBe(200);
  });
});
