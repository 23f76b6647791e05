import { JobType, ServerMessage, WorkerMessage } from '@livekit/protocol';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type LiveKitAgentFake, startLiveKitAgentFake } from './livekit-agent-fake.js';

let fake: LiveKitAgentFake | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await fake?.close();
  fake = undefined;
});

/** A token as livekit-server-sdk's AccessToken mints it: iss = key, nbf, exp, grants under `video`. */
function token(key: string, secret: string, video: Record<string, unknown>): Promise<string> {
  return new SignJWT({ video })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(key)
    .setNotBefore(new Date())
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(secret));
}

/** Opens `/agent` and collects the decoded server messages; resolves the upgrade's status on refusal. */
function connect(url: string, jwt: string): Promise<{ socket: WebSocket; inbox: ServerMessage[] } | number> {
  const socket = new WebSocket(`${url}/agent`, { headers: { authorization: `Bearer ${jwt}` } });
  sockets.push(socket);
  const inbox: ServerMessage[] = [];
  socket.on('message', (data: Buffer) => inbox.push(ServerMessage.fromBinary(new Uint8Array(data))));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, inbox }));
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', reject);
  });
}

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('LiveKit agent endpoint fake', () => {
  it('refuses tokens without the agent grant, with another secret or another key', async () => {
    fake = await startLiveKitAgentFake({ apiKey: 'key1', apiSecret: 'secret-one-0123456789-abcdefghij' });
    expect(await connect(fake.url, await token('key1', fake.apiSecret, { roomJoin: true }))).toBe(401);
    expect(
      await connect(fake.url, await token('key1', 'another-secret-0123456789-abcdef', { agent: true })),
    ).toBe(401);
    expect(await connect(fake.url, await token('key2', fake.apiSecret, { agent: true }))).toBe(401);
    expect(fake.refusals()).toEqual(['no agent grant', 'bad signature', 'unknown API key']);
    expect(fake.workers()).toHaveLength(0);
  });

  it('registers a worker, answers pings, records messages and offers jobs', async () => {
    fake = await startLiveKitAgentFake();
    const client = await connect(fake.url, await token(fake.apiKey, fake.apiSecret, { agent: true }));
    if (typeof client === 'number') throw new Error(`refused: ${client}`);
    const { socket, inbox } = client;
    socket.send(
      new WorkerMessage({
        message: { case: 'register', value: { type: JobType.JT_ROOM, agentName: '', version: '1.9.0' } },
      }).toBinary(),
    );
    const worker = await fake.registered(5_000);
    const response = await until(() => inbox.find((m) => m.message.case === 'register'));
    expect(response.message.case === 'register' && response.message.value.workerId).toBe(worker.workerId);
    expect(worker.workerId).toMatch(/^AW_/);
    expect(worker.claims.video?.agent).toBe(true);

    socket.send(new WorkerMessage({ message: { case: 'ping', value: { timestamp: 1234n } } }).toBinary());
    const pong = await until(() => inbox.find((m) => m.message.case === 'pong'));
    expect(pong.message.case === 'pong' && pong.message.value.lastTimestamp).toBe(1234n);

    const answer = fake.offerJob({ roomName: 'meeting-7', roomMetadata: '{"agentMode":"silent"}' }, 5_000);
    const offer = await until(() => inbox.find((m) => m.message.case === 'availability'));
    if (offer.message.case !== 'availability') throw new Error('unreachable');
    expect(offer.message.value.job?.room?.name).toBe('meeting-7');
    expect(offer.message.value.job?.room?.metadata).toBe('{"agentMode":"silent"}');
    socket.send(
      new WorkerMessage({
        message: {
          case: 'availability',
          value: { jobId: offer.message.value.job?.id ?? '', available: false },
        },
      }).toBinary(),
    );
    expect(await answer).toMatchObject({ jobId: offer.message.value.job?.id, available: false });
    expect(fake.received().map((m) => m.message.case)).toEqual(['register', 'ping', 'availability']);
  });
});
