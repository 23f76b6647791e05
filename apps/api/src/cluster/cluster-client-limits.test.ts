import type { Worker } from 'node:cluster';
import { describe, expect, it } from 'vitest';
import { VoiceTestClient } from '../voice/test-voice-api.js';
import { ClientDesk } from './cluster-client-limits.js';
import { clusterPerTest, until, workersOf } from './test-cluster.js';

const startCluster = clusterPerTest();
const start = {
  type: 'start',
  role: 'backend',
  experienceLevel: 'mid',
  format: 'verbal',
  sampleRate: 16_000,
};

/** A worker as the desk sees one: an id, and the answers it was sent. */
function workerOf(id: number) {
  const sent: { ok?: boolean }[] = [];
  let connected = true;
  const worker = {
    id,
    isConnected: () => connected,
    send: (message: { ok?: boolean }) => sent.push(message),
  } as unknown as Worker;
  return { worker, sent, disconnect: () => (connected = false) };
}

describe('ClientDesk', () => {
  it("counts a client's interviews over every worker, and gives a dead worker's back", () => {
    const desk = new ClientDesk(2);
    const [a, b] = [workerOf(1), workerOf(2)];
    const acquire = (from: ReturnType<typeof workerOf>, id: number, client = 'address:1.2.3.4') =>
      desk.handle(from.worker, { type: 'api:client-acquire', id, client });
    acquire(a, 1);
    acquire(b, 2);
    acquire(b, 3);
    acquire(a, 4, 'subject:other');
    expect(a.sent.map((m) => m.ok)).toEqual([true, true]);
    // The client's second at another worker is its limit; the third is refused.
    expect(b.sent.map((m) => m.ok)).toEqual([true, false]);
    // A release from a worker that never ran one of that client's is not counted.
    desk.handle(b.worker, { type: 'api:client-release', client: 'subject:other' });
    acquire(b, 5, 'subject:other');
    acquire(b, 51, 'subject:other');
    expect(b.sent.slice(-2).map((m) => m.ok)).toEqual([true, false]);
    // Worker a dies: its interview of the client ends with it.
    a.disconnect();
    desk.workerGone(a.worker);
    acquire(b, 6);
    expect(b.sent.at(-1)?.ok).toBe(true);
    acquire(b, 7);
    expect(b.sent.at(-1)?.ok).toBe(false);
    desk.handle(b.worker, { type: 'api:client-release', client: 'address:1.2.3.4' });
    acquire(b, 8);
    expect(b.sent.at(-1)?.ok).toBe(true);
  });
});

describe('/ws/voice per-client limit with WEB_CONCURRENCY=2', { timeout: 300_000 }, () => {
  it('holds a client to VOICE_MAX_SESSIONS_PER_CLIENT over both workers, and counts an ended interview out', async () => {
    const { main, port } = await startCluster({ INBOUND_AUTH: 'off', VOICE_MAX_SESSIONS_PER_CLIENT: '2' });
    const wsUrl = `ws://127.0.0.1:${port}/ws/voice`;
    const started = () => workersOf(main, 'voice interview started');
    const first = await VoiceTestClient.connect(wsUrl);
    first.send(start);
    await first.waitFor('session', undefined, 60_000);
    const second = await VoiceTestClient.connect(wsUrl);
    second.send(start);
    await second.waitFor('session', undefined, 60_000);
    await until('both interviews logged', () => started().length === 2, 30_000);
    const workers = started();
    // One on each worker (voice-placement.ts), so a count per worker would let a third in.
    expect(new Set(workers)).toEqual(new Set([0, 1]));
    for (let i = 0; i < 3; i++) {
      const third = await VoiceTestClient.connect(wsUrl);
      third.send(start);
      expect((await third.waitFor('error', undefined, 60_000)).code).toBe('client_session_limit');
      expect((await third.closed).code).toBe(1013);
    }
    // One ends: the client may start another.
    first.close();
    await first.closed;
    // Its end reaches the primary's count shortly after the close: tried until then.
    let next: VoiceTestClient | undefined;
    const deadline = Date.now() + 30_000;
    while (!next && Date.now() < deadline) {
      const candidate = await VoiceTestClient.connect(wsUrl);
      candidate.send(start);
      const reply = await Promise.race([
        candidate.waitFor('session', undefined, 30_000),
        candidate.waitFor('error', undefined, 30_000),
      ]);
      if (reply.type === 'session') next = candidate;
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(next).toBeDefined();
    next?.close();
    second.close();
  });
});
