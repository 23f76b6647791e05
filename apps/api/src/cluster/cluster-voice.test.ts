import { describe, expect, it } from 'vitest';
import { openWithTicket, VoiceTestClient } from '../voice/test-voice-api.js';
import { listeningDescriptors } from './listening-descriptors.js';
import { clusterPerTest, serviceToken, until, workerPids, workersOf } from './test-cluster.js';

// The real src/main.ts with two workers behind one port and tickets required.
const startCluster = clusterPerTest();
const secret = 'a-cluster-voice-test-secret-of-32-chars';
const interview = { role: 'backend', experienceLevel: 'mid', format: 'verbal' };
const start = { type: 'start', ...interview, sampleRate: 16_000 };

describe('/ws/voice with WEB_CONCURRENCY=2 (node:cluster)', { timeout: 300_000 }, () => {
  it('serves interviews from both workers; a ticket issued by one worker opens one interview at the other, and only once', async () => {
    // Connections dealt in turn (WEB_ACCEPT=round-robin), so sockets reach both workers in a known order.
    const { main, port } = await startCluster({
      INBOUND_AUTH: 'jwt',
      INTERNAL_SERVICE_JWT_SECRET: secret,
      WEB_ACCEPT: 'round-robin',
    });
    // The primary accepts; the workers hold no descriptor of the listening socket.
    const workers = workerPids(main);
    expect(workers).toHaveLength(2);
    for (const pid of workers) expect(listeningDescriptors(pid, port)).toBe(0);
    expect(listeningDescriptors(main.child.pid as number, port)).toBe(1);
    const token = await serviceToken(secret);
    // A fresh connection each time: the primary deals connections to the workers in turn.
    const post = (path: string, body: object) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          connection: 'close',
        },
        body: JSON.stringify(body),
      });
    const ticket = async (body: object = interview) => {
      const res = await post('/v1/voice/sessions', body);
      expect(res.status, await res.clone().text()).toBe(201);
      return ((await res.json()) as { ticket: string }).ticket;
    };
    const wsUrl = `ws://127.0.0.1:${port}/ws/voice`;
    // Six tickets, then six sockets taking them in pairs swapped: with connections dealt in turn,
    // each socket reaches the other worker than the one that issued its ticket.
    const tickets: string[] = [];
    for (let i = 0; i < 6; i += 1) tickets.push(await ticket());
    const order = [1, 0, 3, 2, 5, 4];
    for (const [round, index] of order.entries()) {
      const issued = tickets[index]!;
      // In the URL for even rounds, as the first message for odd ones (start sent right behind it).
      const client =
        round % 2 === 0
          ? (await openWithTicket(wsUrl, issued)).client
          : await VoiceTestClient.connect(wsUrl).then((c) => {
              c.send({ type: 'auth', ticket: issued });
              return c;
            });
      expect(client).toBeDefined();
      client!.send(start);
      expect((await client!.waitFor('session', undefined, 60_000)).sessionId).toEqual(expect.any(String));
      await until(
        'the interview logged',
        () => workersOf(main, 'voice interview started').length > round,
        30_000,
      );
      client!.close();
    }
    const issuedBy = workersOf(main, 'voice session ticket issued');
    const startedAt = workersOf(main, 'voice interview started');
    expect(issuedBy).toHaveLength(6);
    expect(new Set(issuedBy)).toEqual(new Set([0, 1]));
    expect(new Set(startedAt)).toEqual(new Set([0, 1]));
    expect(startedAt.some((worker, round) => worker !== issuedBy[order[round]!])).toBe(true);
    const used = tickets;
    // A plan one worker made, named by tickets from both workers.
    const { planId } = (await (await post('/v1/plan', { ...interview, durationMinutes: 20 })).json()) as {
      planId: string;
    };
    // Two tickets in a row come from both workers: one of them is not the plan's.
    const namingPlan = [await ticket({ ...interview, planId }), await ticket({ ...interview, planId })];
    for (const issued of namingPlan) {
      const planned = await openWithTicket(wsUrl, issued);
      planned.client!.send(start);
      expect((await planned.client!.waitFor('session', undefined, 60_000)).planId).toBe(planId);
      planned.client!.close();
    }
    const planners = workersOf(main, 'voice session ticket issued').slice(6);
    expect(new Set(planners)).toEqual(new Set([0, 1]));
    // A used ticket is refused by either worker: the single-use record is the cluster's, not a worker's.
    for (const again of [used[0]!, used[0]!, used[1]!, used[1]!]) {
      expect(await openWithTicket(wsUrl, again)).toMatchObject({ status: 401, code: 'ticket_used' });
    }
    const late = await VoiceTestClient.connect(wsUrl);
    late.send({ type: 'auth', ticket: used[2]! });
    expect((await late.waitFor('error', undefined, 30_000)).code).toBe('ticket_used');
    expect((await late.closed).code).toBe(4401);
  });
});
