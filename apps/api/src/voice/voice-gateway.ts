import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { VoicePlacement } from '../cluster/voice-placement.js';
import type { ResultDelivery } from '../delivery/result-delivery.js';
import type { AppDeps } from '../deps.js';
import type { OriginPolicy } from '../http/origin-policy.js';
import { type ClientSessionLimits, localClientLimits } from './client-session-limits.js';
import { awaitTicketMessage, closeWithError, HeldMessages, refuseUpgrade } from './voice-admission.js';
import {
  type CreateInterviewSession,
  VoiceConnection,
  type VoiceConnectionDeps,
} from './voice-connection.js';
import { sessionDelivery } from './voice-delivery.js';
import { VoiceMetrics } from './voice-metrics.js';
import type { VoiceGrant, VoiceTicketService } from './voice-tickets.js';

export const voicePath = '/ws/voice';

export interface VoiceGatewayOptions {
  /** Builds each interview; the conversation engine of @bot-backend/interview. */
  createSession: CreateInterviewSession;
  /** Posts each answer's evaluation and the summary; default: through `deps.delivery` when it is set. */
  deliverFor?: VoiceConnectionDeps['deliverFor'];
  /** The same allow-list as CORS for the REST routes. */
  origins: OriginPolicy;
  /** Tickets from POST /v1/voice/sessions; required to open a socket when INBOUND_AUTH=jwt. */
  tickets: VoiceTicketService;
  /** Interviews per client; absent → this process's own count (in a cluster, the primary counts them all). */
  clientLimits?: ClientSessionLimits | undefined;
  /** Among a machine's workers: sends an upgrade on to a worker that runs fewer interviews. */
  placement?: VoicePlacement | undefined;
}

/**
 * Owns the /ws/voice sockets of one app: takes HTTP upgrades on its path,
 * caps how many run at once, and ends them all on shutdown.
 */
export class VoiceGateway {
  readonly metrics: VoiceMetrics;
  private readonly server: WebSocketServer;
  private readonly connections = new Set<VoiceConnection>();
  /** Interviews per client (the ticket's token subject, else the socket's address). */
  private readonly clientLimits: ClientSessionLimits;
  /** Upgrades on their way to admission (a ticket being checked, the handshake). */
  private upgrading = 0;

  constructor(
    private readonly deps: AppDeps,
    private readonly options: VoiceGatewayOptions,
  ) {
    this.metrics = new VoiceMetrics(deps.metrics.registry);
    this.clientLimits =
      options.clientLimits ?? localClientLimits(deps.settings.VOICE_MAX_SESSIONS_PER_CLIENT);
    // ws would close an oversized message with a bare 1009; a looser ceiling lets
    // the connection send an `error` naming the limit first.
    this.server = new WebSocketServer({
      noServer: true,
      maxPayload: deps.settings.VOICE_MAX_FRAME_BYTES * 2 + 64 * 1024,
      perMessageDeflate: false,
    });
    deps.lifecycle.onShutdown('voice-sockets', (signal) => this.shutdown(signal));
  }

  /** Interviews running here or on their way in (what another worker compares its own with). */
  private get load(): number {
    return this.connections.size + this.upgrading;
  }

  /** Live connections (an over-the-limit socket is refused before it counts). */
  get size(): number {
    return this.connections.size;
  }

  /** The live connections, for inspection (tests, support). */
  list(): readonly VoiceConnection[] {
    return [...this.connections];
  }

  /** Vendor streams and timers held by every live session. */
  openResources(): number {
    let open = 0;
    for (const connection of this.connections) open += connection.openResources();
    return open;
  }

  /** The node server's `upgrade` event: true when the request was ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== voicePath) return false;
    if (!this.originAllowed(req)) {
      const log = this.deps.logger;
      log.warn({ voice: { origin: req.headers.origin } }, 'voice socket refused: foreign origin');
      refuseUpgrade(
        socket,
        403,
        'forbidden_origin',
        'This origin may not open interviews here (CORS_ORIGINS)',
      );
      return true;
    }
    if (this.refusedWhileDraining(socket)) return true;
    // Before its ticket is used: the worker that takes it checks the ticket.
    if (this.options.placement?.handOff(req, socket, head, this.load)) {
      this.metrics.sentOn.inc();
      return true;
    }
    // Counted from here until it is admitted or refused, so a burst of upgrades counts in full.
    this.upgrading += 1;
    this.options.placement?.count(this.load);
    let counted = true;
    const settled = () => {
      if (counted) this.upgrading -= 1;
      counted = false;
      this.options.placement?.count(this.load);
    };
    socket.once('close', settled);
    // A ticket in the URL is checked before the upgrade: a bad one never gets a socket.
    const ticket = url.searchParams.get('ticket');
    if (ticket === null) {
      this.upgrade(req, socket, head, undefined, settled);
      return true;
    }
    // The client cannot send a WebSocket frame before the 101, so nothing is missed while the
    // ticket is checked (by the cluster primary when there are workers).
    // Node's HTTP server stops listening for errors on an upgraded socket: a reset meanwhile must not throw.
    const ignore = () => {};
    socket.on('error', ignore);
    void this.options.tickets.redeem(ticket).then((redeemed) => {
      socket.off('error', ignore);
      if (socket.destroyed) return;
      if (!redeemed.ok) {
        this.deps.logger.warn({ voice: { refused: redeemed.code } }, 'voice socket refused: bad ticket');
        refuseUpgrade(socket, 401, redeemed.code, redeemed.message);
        return;
      }
      this.upgrade(req, socket, head, redeemed.grant, settled);
    });
    return true;
  }

  private refusedWhileDraining(socket: Duplex): boolean {
    if (!this.deps.lifecycle.draining) return false;
    refuseUpgrade(socket, 503, 'unavailable', 'The server is shutting down');
    return true;
  }

  private upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    grant: VoiceGrant | undefined,
    settled: () => void,
  ): void {
    // Checked again: the server may have begun to drain while the ticket was checked.
    if (this.refusedWhileDraining(socket)) return;
    const log = this.deps.logger;
    const address = req.socket.remoteAddress ?? 'unknown';
    this.server.handleUpgrade(req, socket, head, (ws) => {
      const admit = (granted: VoiceGrant | undefined) => this.admit(ws, granted, address, settled);
      if (grant || this.deps.settings.INBOUND_AUTH !== 'jwt') {
        admit(grant);
        return;
      }
      awaitTicketMessage(ws, this.options.tickets, admit, (refusal) => {
        log.warn({ voice: { refused: refusal.code } }, 'voice socket refused: no valid ticket');
        closeWithError(ws, refusal.code, refusal.message);
      });
    });
  }

  /**
   * Starts a connection within the process-wide and per-client limits. The
   * client's count may be the cluster primary's (an answer over IPC): what the
   * client sends meanwhile is held, then handed to the connection in order.
   */
  private admit(ws: WebSocket, grant: VoiceGrant | undefined, address: string, settled: () => void): void {
    const client = grant?.subject === undefined ? `address:${address}` : `subject:${grant.subject}`;
    const held = new HeldMessages(ws);
    void this.clientLimits.acquire(client).then((allowed) => {
      held.stop();
      // Checked now, not before the count came: upgrades admitted meanwhile count too.
      const full = this.connections.size >= this.deps.settings.VOICE_MAX_SESSIONS;
      if (allowed && (full || ws.readyState !== ws.OPEN)) this.clientLimits.release(client);
      if (ws.readyState !== ws.OPEN) {
        settled();
        return;
      }
      const connection = this.connect(ws, grant);
      if (full || !allowed) {
        settled();
        if (full)
          connection.refuse(
            'too_many_sessions',
            'The server runs as many interviews as it can; try again shortly',
          );
        else
          connection.refuse(
            'client_session_limit',
            `This client already runs ${this.deps.settings.VOICE_MAX_SESSIONS_PER_CLIENT} interviews (the most at once); end one first`,
          );
        return;
      }
      this.connections.add(connection);
      // After it joined the connections: the load written once, unchanged.
      settled();
      void connection.closed.then(() => {
        this.connections.delete(connection);
        this.options.placement?.count(this.load);
        this.clientLimits.release(client);
      });
      held.replay();
    });
  }

  private connect(ws: WebSocket, grant: VoiceGrant | undefined): VoiceConnection {
    return new VoiceConnection(
      ws,
      {
        settings: this.deps.settings,
        logger: this.deps.logger,
        providers: this.deps.providers,
        metrics: this.metrics,
        createSession: this.options.createSession,
        deliverFor:
          this.options.deliverFor ?? (this.deps.delivery ? deliverThrough(this.deps.delivery) : undefined),
        grant,
      },
      randomUUID(),
    );
  }

  /**
   * Browsers always send Origin: a page of another site may not open interviews
   * (and spend vendor time) here unless CORS_ORIGINS names it; `null` only with
   * CORS_ALLOW_NULL_ORIGIN. Clients that are not browsers send none and are let in.
   */
  private originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (this.options.origins.allows(origin)) return true;
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return false;
    }
    const forwarded = req.headers['x-forwarded-host'];
    const hosts = [
      req.headers.host,
      typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined,
    ];
    return hosts.includes(parsed.host);
  }

  async shutdown(signal: AbortSignal): Promise<void> {
    await Promise.all([...this.connections].map((connection) => connection.shutdown(signal)));
    this.server.close();
  }
}

function deliverThrough(delivery: ResultDelivery) {
  return (sessionId: string) => sessionDelivery(delivery, sessionId);
}
