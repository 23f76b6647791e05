import type { Worker } from 'node:cluster';
import cluster from 'node:cluster';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { voiceHanded, voiceHandOff } from './cluster-messages.js';
import { ConnectionShares } from './connection-shares.js';

/** Names the file of the workers' live interview counts in each worker's environment. */
export const VOICE_SHARES_ENV = 'API_VOICE_SHARES';

/**
 * Where a /ws/voice interview runs among the workers of one machine.
 *
 * The workers share the listening socket, and a lone connection goes to
 * whichever worker wakes first: on an idle machine often the same one, so one
 * worker ran every interview and refused the one past its VOICE_MAX_SESSIONS
 * while the other had none. So each worker keeps its live interviews in a
 * table the primary makes (as the open connections: connection-shares.ts),
 * and a worker that has more than another sends the upgrade on to it before
 * anything else is done with it (no ticket used up): the socket through the
 * primary, with the request as it came, which the other worker's HTTP server
 * reads as a new connection. Two workers deciding at once can both send to
 * the same one: a socket sent on is sent again only when the worker it reached
 * is full and another is not, and at most MAX_HOPS times in all.
 */
export interface VoicePlacement {
  /** This worker now runs `live` interviews (those on their way in included). */
  count(live: number): void;
  /** True when the upgrade went to another worker (the socket is no longer this worker's); `live` as for count(). */
  handOff(req: IncomingMessage, socket: Duplex, head: Buffer, live: number): boolean;
  /** Takes the sockets handed to this worker: `server` reads each as a new connection. */
  receive(server: net.Server): void;
}

/** A connection's libuv handle as Node passes it between processes ('net.Native'). */
type RawConnection = { readStop(): number; close(): void };
// `process.send` and `worker.send` carry a libuv handle as it is; the types name only sockets and servers.
type HandleSender = (
  message: unknown,
  handle: net.Server,
  callback: (error: Error | null) => void,
) => boolean;

/** Sends `handle` and closes this process's descriptor of it once sent (the receiver has its own). */
function sendHandle(send: HandleSender, message: unknown, handle: RawConnection): void {
  send(message, handle as unknown as net.Server, () => handle.close());
}

/**
 * Takes the connection's handle from its socket without closing it: reading
 * stops (what the client sends next waits in the kernel for the next owner),
 * and the socket ends here as a closed one (the server's count, the shares).
 */
function detach(socket: net.Socket): RawConnection | undefined {
  const owner = socket as net.Socket & { _handle: RawConnection | null };
  const handle = owner._handle;
  if (!handle) return undefined;
  handle.readStop();
  owner._handle = null;
  socket.destroy();
  return handle;
}

/** The upgrade request's bytes, rebuilt from what Node's parser kept of it, then what came after it. */
export function requestBytes(req: IncomingMessage, head: Buffer): Buffer {
  let text = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}\r\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) text += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return Buffer.concat([Buffer.from(`${text}\r\n`, 'latin1'), head]);
}

/**
 * How long interviews sent on count toward their worker here: until that
 * worker has taken them and written its new count, a burst sent on in one
 * turn would otherwise all go to the same worker.
 */
const SENT_COUNTS_MS = 1_000;

/** How many times one upgrade may be sent on: more would only mean every worker is full. */
const MAX_HOPS = 3;

class ClusterVoicePlacement implements VoicePlacement {
  /** Sockets other workers sent here, with the times each was sent on so far. */
  private readonly handed = new WeakMap<object, number>();
  /**
   * By the slot they went to: the count that worker will have at least once the
   * interviews sent to it arrive (its count when they left, plus them), and when the last left.
   */
  private readonly sent = new Map<number, { atLeast: number; at: number }>();

  constructor(
    private readonly table: ConnectionShares,
    private readonly slot: number,
    private readonly send: HandleSender,
    /** VOICE_MAX_SESSIONS: a worker at it is not sent more. */
    private readonly limit: number,
    private readonly onHandOff: (to: number, live: number, fewest: number) => void,
  ) {
    // Present with none: the others may hand interviews here from now on.
    table.set(slot, 0);
  }

  count(live: number): void {
    this.table.set(this.slot, live);
  }

  handOff(req: IncomingMessage, socket: Duplex, head: Buffer, live: number): boolean {
    // Only a socket with nothing read past the request can move (a client waits for the 101 before it sends).
    if (!(socket instanceof net.Socket) || socket.readableLength > 0) return false;
    const hops = this.handed.get(socket) ?? 0;
    const least = this.leastLoadedOther();
    if (least === undefined || least.count >= live || least.count >= this.limit) return false;
    // Sent here already: it stays unless this worker is full (it would be refused here).
    if (hops > 0 && (live < this.limit || hops >= MAX_HOPS)) return false;
    const request = requestBytes(req, head).toString('base64');
    const handle = detach(socket);
    if (!handle) return false;
    this.onHandOff(least.slot, live, least.count);
    this.sent.set(least.slot, { atLeast: least.count + 1, at: performance.now() });
    sendHandle(
      this.send,
      voiceHandOff.parse({ type: 'api:voice-hand-off', to: least.slot, request, hops: hops + 1 }),
      handle,
    );
    return true;
  }

  /** The other worker with the fewest interviews, counting those sent to it lately. */
  private leastLoadedOther(): { slot: number; count: number } | undefined {
    const since = performance.now() - SENT_COUNTS_MS;
    let least: { slot: number; count: number } | undefined;
    for (const [slot, written] of this.table.presentCounts()) {
      if (slot === this.slot) continue;
      const sent = this.sent.get(slot);
      if (sent && sent.at < since) this.sent.delete(slot);
      const count = sent && sent.at >= since ? Math.max(written, sent.atLeast) : written;
      if (least === undefined || count < least.count) least = { slot, count };
    }
    return least;
  }

  receive(server: net.Server): void {
    process.on('message', (message: unknown, handle: unknown) => {
      const handed = voiceHanded.safeParse(message);
      if (!handed.success || !handle) return;
      // As Node makes a socket of a handle it is sent (child_process, 'net.Socket'); half-open as http.Server's.
      const socket = new net.Socket({
        handle,
        readable: true,
        writable: true,
        allowHalfOpen: true,
      } as net.SocketConstructorOpts);
      this.handed.set(socket, handed.data.hops);
      // Read again from the start: the request line and headers, then the connection is the server's.
      socket.unshift(Buffer.from(handed.data.request, 'base64'));
      server.emit('connection', socket);
    });
  }
}

/** This worker's placement, when it runs in a cluster whose primary made the table; else undefined. */
export function voicePlacementOfThisWorker(
  slot: number,
  limit: number,
  onHandOff: (to: number, live: number, fewest: number) => void,
): VoicePlacement | undefined {
  const send = process.send?.bind(process) as HandleSender | undefined;
  const table = ConnectionShares.open(process.env[VOICE_SHARES_ENV]);
  if (!cluster.isWorker || !send || !table || !Number.isInteger(slot) || slot < 0 || slot >= table.slots)
    return undefined;
  return new ClusterVoicePlacement(table, slot, send, limit, onHandOff);
}

/**
 * The primary's part: a handed-off socket goes to the worker it names, or back
 * to the one that sent it when that worker is gone. Returns false for any other message.
 */
export function passVoiceHandOff(
  from: Worker,
  workerInSlot: (slot: number) => Worker | undefined,
  message: unknown,
  handle: unknown,
): boolean {
  const handOff = voiceHandOff.safeParse(message);
  if (!handOff.success) return false;
  const raw = handle as RawConnection | undefined;
  if (!raw) return true;
  const target = workerInSlot(handOff.data.to);
  const to = target?.isConnected() ? target : from;
  if (!to.isConnected()) {
    raw.close();
    return true;
  }
  const send = to.send.bind(to) as unknown as HandleSender;
  sendHandle(
    send,
    voiceHanded.parse({ type: 'api:voice-handed', request: handOff.data.request, hops: handOff.data.hops }),
    raw,
  );
  return true;
}
