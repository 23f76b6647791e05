import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { MainProcess } from '../test-main-process.js';
import { openWithTicket, VoiceTestClient } from '../voice/test-voice-api.js';
import { ACCEPTS_PER_TURN } from './listen-copies.js';
import { listeningDescriptors } from './listening-descriptors.js';
import { clusterPerTest, START_MS, serviceToken, until, workerPids, workersOf } from './test-cluster.js';
import { requestBytes } from './voice-placement.js';

const startCluster = clusterPerTest();
const secret = 'a-voice-placement-test-secret-of-32-chars';
const interview = { role: 'backend', experienceLevel: 'mid', format: 'verbal' };
const start = { type: 'start', ...interview, sampleRate: 16_000 };
/** The worker slot of each interview started, in order. */
const startedAt = (main: MainProcess): number[] => workersOf(main, 'voice interview started');

describe('requestBytes', () => {
  it('gives back the upgrade request as it came: request line, headers as sent, then what followed', () => {
    const req = {
      method: 'GET',
      url: '/ws/voice?ticket=a%20b',
      httpVersion: '1.1',
      rawHeaders: ['Host', '127.0.0.1:8000', 'Upgrade', 'websocket', 'sec-websocket-key', 'abc=='],
    } as unknown as IncomingMessage;
    expect(requestBytes(req, Buffer.from('tail')).toString('latin1')).toBe(
      'GET /ws/voice?ticket=a%20b HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUpgrade: websocket\r\nsec-websocket-key: abc==\r\n\r\ntail',
    );
  });
});

describe('/ws/voice interviews among the workers (WEB_CONCURRENCY=2)', { timeout: 300_000 }, () => {
  it('a worker that runs more interviews than another sends the next one there, ticket unused, instead of refusing it', async () => {
    // One interview per worker: the machine runs two, and a worker alone would refuse the second.
    const { main, port } = await startCluster({
      INBOUND_AUTH: 'jwt',
      INTERNAL_SERVICE_JWT_SECRET: secret,
      VOICE_MAX_SESSIONS: '1',
    });
    const [first, second] = workerPids(main) as [number, number];
    for (const pid of [first, second])
      await until(
        `worker ${pid} on its copies`,
        () => listeningDescriptors(pid, port) === ACCEPTS_PER_TURN,
        START_MS,
      );
    const token = await serviceToken(secret);
    const ticket = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/v1/voice/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(interview),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return ((await res.json()) as { ticket: string }).ticket;
    };
    const tickets = [await ticket(), await ticket(), await ticket()] as const;
    const wsUrl = `ws://127.0.0.1:${port}/ws/voice`;

    // With the second worker stopped, the first accepts every socket: it runs the first interview itself
    // and sends the second on to the stopped worker, which takes it once it runs again.
    process.kill(second, 'SIGSTOP');
    let resumed = false;
    try {
      const one = await openWithTicket(wsUrl, tickets[0]);
      one.client!.send(start);
      await one.client!.waitFor('session', undefined, 60_000);
      const opening = openWithTicket(wsUrl, tickets[1]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      process.kill(second, 'SIGCONT');
      resumed = true;
      const two = await opening;
      expect(two.status, two.code).toBe(101);
      two.client!.send(start);
      await two.client!.waitFor('session', undefined, 60_000);
      // The interview it took runs there: the first question, then an answer gets the next turn.
      await two.client!.waitFor('transcript', (m) => m.role === 'interviewer' && m.final === true, 60_000);
      const mark = two.client!.mark();
      two.client!.send({
        type: 'text',
        text: 'I would put a queue in front of the service and scale the workers.',
      });
      await two.client!.waitFor(
        'transcript',
        (m) => m.role === 'interviewer' && m.final === true,
        60_000,
        mark,
      );
      expect(startedAt(main)).toEqual([0, 1]);
      // Counted: /metrics sums both workers.
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(/^voice_sessions_sent_on_total (\d+)/m.exec(metrics)?.[1]).toBe('1');

      // Both workers full: the third is refused, whichever worker it reaches.
      const three = await openWithTicket(wsUrl, tickets[2]);
      three.client!.send(start);
      expect((await three.client!.waitFor('error', undefined, 60_000)).code).toBe('too_many_sessions');
      one.client!.close();
      two.client!.close();
      three.client!.close();
    } finally {
      if (!resumed) process.kill(second, 'SIGCONT');
    }
  });

  it('a burst of interviews at once fills both workers before any is refused', async () => {
    const limit = 3;
    // Every socket comes from this one address: the per-client limit is lifted.
    const { main, port } = await startCluster({
      INBOUND_AUTH: 'off',
      VOICE_MAX_SESSIONS: String(limit),
      VOICE_MAX_SESSIONS_PER_CLIENT: '100',
    });
    const wsUrl = `ws://127.0.0.1:${port}/ws/voice`;
    const clients = await Promise.all(
      Array.from({ length: 2 * limit }, () => VoiceTestClient.connect(wsUrl)),
    );
    for (const client of clients) client.send(start);
    const outcomes = await Promise.all(
      clients.map((client) =>
        client.waitFor('session', undefined, 60_000).then(
          () => 'session',
          () => client.describe(),
        ),
      ),
    );
    expect(outcomes).toEqual(Array(2 * limit).fill('session'));
    await until('every interview logged', () => startedAt(main).length === 2 * limit, 30_000);
    expect(startedAt(main).filter((worker) => worker === 0)).toHaveLength(limit);
    // The machine is full now: one more is refused.
    const extra = await VoiceTestClient.connect(wsUrl);
    extra.send(start);
    expect((await extra.waitFor('error', undefined, 60_000)).code).toBe('too_many_sessions');
    for (const client of [...clients, extra]) client.close();
  });
});
