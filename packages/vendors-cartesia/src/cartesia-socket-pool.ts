import type { Socket } from 'node:net';
import { type CartesiaClient, type CartesiaTtsWebsocket, cartesiaTtsWs } from './cartesia-sdk.js';
import { cartesiaWebsocketOptions } from './cartesia-websocket-connection.js';

const WS_OPEN = 1;
/** Idle connections kept per provider: enough for the replies that start while others end. */
export const CARTESIA_DEFAULT_IDLE_CONNECTIONS = 16;
/**
 * An idle connection is closed after this long: long enough that the reply
 * after a candidate's spoken answer (most run well under a minute) finds its
 * connection open even when it is the only session of its process (a LiveKit
 * agent job), instead of paying a TCP and TLS handshake and a websocket upgrade
 * in what the candidate waits for; well inside the 5 minutes after which
 * Cartesia closes an idle socket itself
 * (docs.cartesia.ai/use-the-api/concurrency-limits-and-timeouts). Idle
 * connections are taken before new ones are opened, so a process never holds
 * more than its peak of replies at once, far below Cartesia's limit of
 * websockets (10× the plan's concurrency).
 */
export const CARTESIA_IDLE_CONNECTION_MS = 60_000;

/** One `/tts/websocket` connection and the TCP (or TLS) sockets under it. */
export interface CartesiaConnection {
  ws: CartesiaTtsWebsocket;
  sockets: Socket[];
}

export interface CartesiaSocketPoolOptions {
  client: CartesiaClient;
  baseURL: string;
  headers: Record<string, string> | undefined;
  /** Open connections kept between sessions; 0 opens one per session. */
  maxIdle: number;
  /** An idle connection is closed after this long (and one found older is not used). */
  maxIdleMs: number;
}

/**
 * Cartesia's websocket carries any number of contexts, one after another
 * (docs.cartesia.ai/use-the-api/tts-websocket/contexts): a session that ended
 * cleanly (or sent nothing) hands its connection back and the next reply uses it, instead of a
 * TCP and TLS handshake and a websocket upgrade per reply. Idle connections do
 * not keep the process alive, are closed after `maxIdleMs`, and one that
 * closes while idle is dropped.
 */
export class CartesiaSocketPool {
  readonly #options: CartesiaSocketPoolOptions;
  readonly #idle: Array<{ connection: CartesiaConnection; since: number; timer: NodeJS.Timeout }> = [];

  constructor(options: CartesiaSocketPoolOptions) {
    this.#options = options;
  }

  /** Idle connections held now. */
  get idle(): number {
    return this.#idle.length;
  }

  /** An open idle connection (`reused`), else a new one, still connecting. */
  take(now = Date.now()): { connection: CartesiaConnection; reused: boolean } {
    for (let entry = this.#idle.pop(); entry; entry = this.#idle.pop()) {
      const { connection } = entry;
      clearTimeout(entry.timer);
      if (connection.ws.socket.readyState === WS_OPEN && now - entry.since <= this.#options.maxIdleMs) {
        for (const socket of connection.sockets) socket.ref();
        return { connection, reused: true };
      }
      connection.ws.close();
    }
    return { connection: this.#open(), reused: false };
  }

  /** A connection nothing is generating on (its session's context done, or never sent to): kept for the next one, or closed. */
  give(connection: CartesiaConnection, now = Date.now()): void {
    if (connection.ws.socket.readyState !== WS_OPEN || this.#idle.length >= this.#options.maxIdle) {
      connection.ws.close();
      return;
    }
    for (const socket of connection.sockets) socket.unref();
    // Closing it fires the close listener below, which takes it off the idle list.
    const timer = setTimeout(() => connection.ws.close(), this.#options.maxIdleMs);
    timer.unref();
    this.#idle.push({ connection, since: now, timer });
  }

  #open(): CartesiaConnection {
    const { client, baseURL, headers } = this.#options;
    const sockets: Socket[] = [];
    const ws = new cartesiaTtsWs.TTSWS(
      client,
      cartesiaWebsocketOptions(baseURL, (socket) => sockets.push(socket), headers),
    );
    const connection = { ws, sockets };
    // Always one listener: the SDK turns an error nobody listens to into an unhandled
    // rejection, and an idle connection has no session listening. Sessions add their own.
    ws.on('error', () => {});
    ws.socket.addEventListener('close', () => {
      const at = this.#idle.findIndex((entry) => entry.connection === connection);
      if (at >= 0) clearTimeout(this.#idle.splice(at, 1)[0]?.timer);
    });
    return connection;
  }
}
