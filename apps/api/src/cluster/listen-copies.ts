import type { Worker } from 'node:cluster';
import cluster from 'node:cluster';
import net from 'node:net';
import { listenCopiesRequest, listenCopy } from './cluster-messages.js';

/**
 * Connections a worker can accept in one turn of its event loop.
 *
 * Since libuv 1.45 (Node 20) a loop turn accepts at most one connection per
 * listening descriptor. A busy worker's turn takes as long as the requests
 * ready in it (about 32 × 0.3 ms at 64 keep-alive connections), so 64 clients
 * that connect at once were accepted over some 300 ms, and the last ones'
 * first requests waited that long. With the primary dealing connections
 * round-robin it was no better: each handoff waits for the worker's
 * acknowledgement, one per turn. So the workers share the listening socket
 * (`SCHED_NONE`: the kernel's accept queue, the primary never accepts), and
 * each polls this many descriptors of it: a burst is taken in a few turns, by
 * whichever worker polls first. That does not balance the way round-robin
 * did: on two cores shared with the client, the worker that is running when a
 * burst comes takes more of it (40/24 of 64 was common, 64/0 seen once).
 * An idle cluster may give one worker every connection in a row. Measured
 * side by side, the worst round's p99 still fell from 31–45 ms to about 25 ms,
 * and voice sessions did not move beyond noise (README figures).
 * `WEB_ACCEPT=round-robin` deals them in turn instead.
 */
export const ACCEPTS_PER_TURN = 8;

type RawHandle = { close(): void };
// `process.send` and `worker.send` carry a libuv handle as it is (Node's 'net.Native'); the types
// name only sockets and servers.
type HandleSender = (message: unknown, handle: net.Server, callback: (error: Error | null) => void) => void;

/**
 * The primary's part: a worker's listening socket comes in, goes back as the
 * copies asked for (each a descriptor of its own in the worker), and the
 * primary's own descriptor is closed once they are sent; it never polls it.
 * Returns false for any other message.
 */
export function serveListenCopies(worker: Worker, message: unknown, handle: unknown): boolean {
  const request = listenCopiesRequest.safeParse(message);
  if (!request.success) return false;
  const raw = handle as RawHandle | undefined;
  if (!raw) return true;
  const send = worker.send.bind(worker) as unknown as HandleSender;
  let pending = request.data.copies;
  const sent = () => {
    pending -= 1;
    if (pending === 0) raw.close();
  };
  if (!worker.isConnected()) raw.close();
  else
    for (let i = 0; i < request.data.copies; i++)
      send(listenCopy.parse({ type: 'api:listen-copy' }), raw as unknown as net.Server, sent);
  return true;
}

/** What a worker accepts on besides its server's own descriptor; closed when it stops. */
export interface ListenCopies {
  /** Stops accepting on them; resolves when every connection they took has closed. */
  close(): Promise<void>;
}

/**
 * The worker's part: asks the primary for copies of `server`'s listening
 * socket and hands each connection accepted on them to `server`, as its own
 * would be (the http server's parser, timeouts and connection tracking).
 * Outside a cluster it does nothing.
 */
export function acceptOnListenCopies(server: net.Server, onReady: (copies: number) => void): ListenCopies {
  const copies: net.Server[] = [];
  const send = process.send?.bind(process) as HandleSender | undefined;
  const handle = (server as net.Server & { _handle?: { fd?: unknown } })._handle;
  // Only a descriptor can be copied: under round-robin a worker's server handle is the primary's stand-in.
  const fd = handle?.fd;
  if (!cluster.isWorker || !send || typeof fd !== 'number' || fd < 0) return { close: async () => {} };
  const wanted = ACCEPTS_PER_TURN - 1;
  const onMessage = (message: unknown, copy: unknown) => {
    if (!listenCopy.safeParse(message).success || !copy) return;
    // As http.Server makes its own listener: half-open allowed, no Nagle delay on small responses.
    const acceptor = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) =>
      server.emit('connection', socket),
    );
    // A copy that fails is one fewer descriptor to accept on, nothing more.
    acceptor.once('error', () => acceptor.close());
    acceptor.listen(copy);
    copies.push(acceptor);
    if (copies.length === wanted) {
      process.off('message', onMessage);
      onReady(copies.length);
    }
  };
  process.on('message', onMessage);
  send(
    listenCopiesRequest.parse({ type: 'api:listen-copies', copies: wanted }),
    handle as net.Server,
    () => {},
  );
  return {
    close: async () => {
      process.off('message', onMessage);
      await Promise.all(copies.map((copy) => new Promise<void>((done) => copy.close(() => done()))));
    },
  };
}
