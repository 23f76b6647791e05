import type { Worker } from 'node:cluster';
import cluster from 'node:cluster';
import net from 'node:net';
import { listenCopiesRequest, listenCopy } from './cluster-messages.js';
import type { ConnectionShares } from './connection-shares.js';

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
 * whichever worker polls first. On two cores shared with the client, the
 * worker that is running when a burst comes took more of it (40/24 of 64 was
 * common, 10/54 and 64/0 seen), and the fuller worker's clients waited
 * longer, so a worker ahead of the others gives up its copies (SHARE_SLACK
 * below). An idle cluster may still give one worker several connections in a
 * row: with one descriptor it still accepts, and a lone connection goes to
 * whichever worker wakes first (voice-placement.ts moves interviews after
 * the fact). `WEB_ACCEPT=round-robin` deals them in turn.
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
 * A worker holding this many more open connections than the least loaded
 * other worker stops accepting on its copies (its server's own descriptor
 * still takes one a turn), so the others take the rest of a burst; it
 * accepts on copies again once it is within one connection of them.
 */
export const SHARE_SLACK = 4;
/** How often a worker that stopped accepting on its copies looks whether the others caught up. */
const RECHECK_MS = 10;
/** How long a request for copies may take before the worker stops waiting for the rest of them. */
const REQUEST_GIVE_UP_MS = 5_000;

/** A worker giving up its copies (`paused`) or taking them back, with the counts that decided it. */
export interface ShareChange {
  copies: 'paused' | 'resumed';
  open: number;
  fewestOfOthers: number;
}

/** This worker's slot in the cluster's table of open connections. */
export interface WorkerShare {
  table: ConnectionShares;
  slot: number;
  onChange?: ((change: ShareChange) => void) | undefined;
}

/**
 * The worker's part: asks the primary for copies of `server`'s listening
 * socket and hands each connection accepted on them to `server`, as its own
 * would be (the http server's parser, timeouts and connection tracking).
 * With `shares`, it keeps its open connections there and gives up its copies
 * while it holds more than its share. Outside a cluster it does nothing.
 */
export function acceptOnListenCopies(
  server: net.Server,
  onReady: (copies: number) => void,
  shares?: WorkerShare,
): ListenCopies {
  const send = process.send?.bind(process) as HandleSender | undefined;
  const handle = (server as net.Server & { _handle?: { fd?: unknown } })._handle;
  // Only a descriptor can be copied: under round-robin a worker's server handle is the primary's stand-in.
  const fd = handle?.fd;
  if (!cluster.isWorker || !send || typeof fd !== 'number' || fd < 0) return { close: async () => {} };
  const wanted = ACCEPTS_PER_TURN - 1;
  let copies: net.Server[] = [];
  let requesting = false;
  let stopped = false;
  let announced = false;
  // Copies given up while their connections are still open: shutdown waits for those too.
  const closing = new Set<Promise<void>>();
  let open = 0;
  let recheck: ReturnType<typeof setInterval> | undefined;

  const onMessage = (message: unknown, copy: unknown) => {
    if (!listenCopy.safeParse(message).success || !copy) return;
    // A copy that comes after the worker gave up waiting, or after it stopped, is not polled: closed at once.
    if (!requesting || stopped) {
      (copy as RawHandle).close();
      return;
    }
    // As http.Server makes its own listener: half-open allowed, no Nagle delay on small responses.
    const acceptor = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) =>
      server.emit('connection', socket),
    );
    // A copy that fails is one fewer descriptor to accept on, nothing more.
    acceptor.once('error', () => acceptor.close());
    acceptor.listen(copy);
    copies.push(acceptor);
    if (copies.length === wanted) {
      requesting = false;
      clearTimeout(requestTimer);
      if (!announced) onReady(copies.length);
      announced = true;
      balance();
    }
  };
  // A request the primary never fully answers (a handle lost on the way) must not stop the balancing for good.
  let requestTimer: ReturnType<typeof setTimeout> | undefined;
  const requestCopies = () => {
    requesting = true;
    clearTimeout(requestTimer);
    requestTimer = setTimeout(() => {
      requesting = false;
    }, REQUEST_GIVE_UP_MS).unref();
    send(
      listenCopiesRequest.parse({ type: 'api:listen-copies', copies: wanted }),
      handle as net.Server,
      () => {},
    );
  };
  const closeCopies = () => {
    const closed = copies.map((copy) => {
      const done = new Promise<void>((resolve) => copy.close(() => resolve()));
      closing.add(done);
      void done.then(() => closing.delete(done));
      return done;
    });
    copies = [];
    return Promise.all(closed);
  };
  // A closed connection can only bring a worker back within its share (`mayPause` false then).
  const balance = (mayPause = true) => {
    if (!shares || stopped || requesting) return;
    const fewest = shares.table.fewestOfOthers(shares.slot);
    if (fewest === undefined) return;
    if (mayPause && copies.length > 0 && open > fewest + SHARE_SLACK) {
      shares.onChange?.({ copies: 'paused', open, fewestOfOthers: fewest });
      void closeCopies();
      recheck ??= setInterval(() => balance(false), RECHECK_MS).unref();
    } else if (copies.length === 0 && open <= fewest + 1) {
      clearInterval(recheck);
      recheck = undefined;
      shares.onChange?.({ copies: 'resumed', open, fewestOfOthers: fewest });
      requestCopies();
    }
  };
  const onConnection = (socket: net.Socket) => {
    open += 1;
    shares?.table.set(shares.slot, open);
    socket.once('close', () => {
      open -= 1;
      shares?.table.set(shares.slot, open);
      balance(false);
    });
    balance();
  };
  if (shares) {
    shares.table.set(shares.slot, 0);
    server.on('connection', onConnection);
  }
  process.on('message', onMessage);
  requestCopies();
  return {
    close: async () => {
      stopped = true;
      clearInterval(recheck);
      clearTimeout(requestTimer);
      server.off('connection', onConnection);
      process.off('message', onMessage);
      await Promise.all([closeCopies(), ...closing]);
    },
  };
}
