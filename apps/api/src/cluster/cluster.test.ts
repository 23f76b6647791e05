import { processAlive } from '@bot-backend/testkit';
import { describe, expect, it } from 'vitest';
import { VoiceTestClient } from '../voice/test-voice-api.js';
import { ACCEPTS_PER_TURN } from './listen-copies.js';
import { listeningDescriptors } from './listening-descriptors.js';
import { clusterPerTest, listeningPorts, START_MS, until, workerPids } from './test-cluster.js';

// The real src/main.ts with two workers behind one port.
const startCluster = clusterPerTest();

describe('apps/api with WEB_CONCURRENCY=2 (node:cluster)', { timeout: 300_000 }, () => {
  it('serves from every worker on one port, sums /metrics over them, serves any report from either, restarts a killed worker and drains on SIGTERM', async () => {
    const { main, port } = await startCluster({ INBOUND_AUTH: 'off' });
    const base = `http://127.0.0.1:${port}`;
    const [first, second] = workerPids(main);
    expect(first).toBeDefined();
    expect(second).toBeDefined();

    // Each worker accepts on ACCEPTS_PER_TURN descriptors of the one listening socket; the primary
    // keeps only the one it bound (never polled), not the copies it handed out.
    for (const pid of [first, second] as number[]) {
      await until(
        `worker ${pid} accepting on its copies`,
        () => listeningDescriptors(pid, port) === ACCEPTS_PER_TURN,
        START_MS,
      );
    }
    expect(listeningDescriptors(main.child.pid as number, port)).toBe(1);

    // A fresh connection each, taken by whichever worker polls first.
    const requests = 40;
    for (let i = 0; i < requests; i += 1) {
      const res = await fetch(`${base}/healthz`, { headers: { connection: 'close' } });
      expect(res.status).toBe(200);
    }
    // Whichever worker a scrape reaches, it reports the sum over both.
    for (let scrape = 0; scrape < 4; scrape += 1) {
      const text = await (await fetch(`${base}/metrics`, { headers: { connection: 'close' } })).text();
      const match =
        /http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} (\d+)/.exec(text);
      expect(Number(match?.[1])).toBe(requests);
    }

    // Without a database, each worker keeps its interviews: a report is still served by either.
    const client = await VoiceTestClient.connect(`ws://127.0.0.1:${port}/ws/voice`);
    const sessionId = await client.startTextInterview(60_000);
    client.send({ type: 'text', text: 'I use TypeScript and Go; for example, Hono services for payments.' });
    await client.waitFor('evaluation', undefined, 60_000);
    client.send({ type: 'end' });
    const sent = (await client.waitFor('summary', undefined, 60_000)) as unknown as { summary: unknown };
    client.close();
    for (let i = 0; i < 6; i += 1) {
      const res = await fetch(`${base}/v1/sessions/${sessionId}/report`, {
        headers: { connection: 'close' },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(sent.summary);
    }
    expect(
      (await fetch(`${base}/v1/sessions/nobody/report`, { headers: { connection: 'close' } })).status,
    ).toBe(404);

    process.kill(first as number, 'SIGKILL');
    await until('a replacement worker', () => workerPids(main).length >= 3, START_MS);
    expect(main.stdout()).toMatch(/"msg":"worker died; starting another"/);
    await until('the replacement listening', () => listeningPorts(main).length >= 3, START_MS);
    const replacement = workerPids(main)[2] as number;
    await until(
      'the replacement accepting on its copies',
      () => listeningDescriptors(replacement, port) === ACCEPTS_PER_TURN,
      START_MS,
    );
    for (let i = 0; i < 6; i += 1) {
      expect((await fetch(`${base}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);
    }

    main.child.kill('SIGTERM');
    const exit = await main.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(main.stdout()).toMatch(/"msg":"draining workers"/);
    expect(processAlive(second as number)).toBe(false);
    expect(processAlive(replacement)).toBe(false);
  });
});
