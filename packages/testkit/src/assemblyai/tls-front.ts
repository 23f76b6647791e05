import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import { fakeTlsCert, fakeTlsKey } from './fake-tls-cert.js';

export interface TlsFront {
  /** `127.0.0.1` port that speaks TLS and forwards to the loopback server. */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Terminates TLS on 127.0.0.1 (self-signed, see fake-tls-cert.ts) and pipes
 * each connection to a plain loopback server, so a fake built on
 * `startLoopbackServer` can also be reached as `https:`/`wss:`. The loopback
 * server still records every request and counts every open socket.
 */
export async function startTlsFront(targetPort: number): Promise<TlsFront> {
  const sockets = new Set<Socket | TLSSocket>();
  const server = createServer({ cert: fakeTlsCert, key: fakeTlsKey }, (client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on('error', drop);
    upstream.on('error', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Lets this process accept the fake's self-signed certificate. Node 20 offers
 * no per-connection hook the AssemblyAI SDK exposes, so this flips the
 * process-wide NODE_TLS_REJECT_UNAUTHORIZED (read on every TLS connect) for the
 * duration of a test file; call the returned function in afterAll to restore it.
 */
export function acceptFakeTlsCertificates(): () => void {
  const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  return () => {
    if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
  };
}
