import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ACCEPTS_PER_TURN, SHARE_SLACK } from './listen-copies.js';
import { acceptedConnections, listeningDescriptors } from './listening-descriptors.js';
import { clusterPerTest, START_MS, until, workerPids } from './test-cluster.js';

const startCluster = clusterPerTest();

/** A kept-alive client connection that has had one answer. */
async function openClient(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (/^HTTP\/1\.1 200/.test(seen) && seen.includes('\r\n\r\n')) resolve();
    });
    socket.write('GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n');
  });
  return socket;
}

describe('workers sharing the listening socket keep their connections even', { timeout: 300_000 }, () => {
  it('a worker far ahead of the other gives up its copies of the socket, and takes them back once it is even again', async () => {
    const { main, port } = await startCluster({ INBOUND_AUTH: 'off' });
    const [ahead, behind] = workerPids(main) as [number, number];
    for (const pid of [ahead, behind])
      await until(
        `worker ${pid} on its copies`,
        () => listeningDescriptors(pid, port) === ACCEPTS_PER_TURN,
        START_MS,
      );

    // With the other worker stopped, every connection goes to `ahead`, which stops polling its copies
    // once it holds more than SHARE_SLACK connections beyond the other's none (its own descriptor still accepts).
    process.kill(behind, 'SIGSTOP');
    const clients: net.Socket[] = [];
    try {
      for (let i = 0; i < SHARE_SLACK + 4; i++) clients.push(await openClient(port));
      expect(acceptedConnections(ahead, port)).toBe(clients.length);
      await until(
        'the worker ahead giving up its copies',
        () => listeningDescriptors(ahead, port) === 1,
        30_000,
      );
    } finally {
      process.kill(behind, 'SIGCONT');
    }

    // Its connections closing, it is within one of the other's none again and takes its copies back.
    for (const client of clients) client.destroy();
    await until(
      'the worker taking its copies back',
      () => listeningDescriptors(ahead, port) === ACCEPTS_PER_TURN,
      30_000,
    );
    expect(listeningDescriptors(behind, port)).toBe(ACCEPTS_PER_TURN);
  });
});
