import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ResultDelivery } from '../delivery/result-delivery.js';
import type { AppDeps } from '../deps.js';
import {
  type CreateInterviewSession,
  VoiceConnection,
  type VoiceConnectionDeps,
} from './voice-connection.js';
import { sessionDelivery } from './voice-delivery.js';
import { VoiceMetrics } from './voice-metrics.js';

export const voicePath = '/ws/voice';

export interface VoiceGatewayOptions {
  /** Builds each interview; the conversation engine of @bot-backend/interview. */
  createSession: CreateInterviewSession;
  /** Posts each answer's evaluation and the summary; default: through `deps.delivery` when it is set. */
  deliverFor?: VoiceConnectionDeps['deliverFor'];
}

/**
 * Owns the /ws/voice sockets of one app: takes HTTP upgrades on its path,
 * caps how many run at once, and ends them all on shutdown.
 */
export class VoiceGateway {
  readonly metrics: VoiceMetrics;
  private readonly server: WebSocketServer;
  private readonly connections = new Set<VoiceConnection>();

  constructor(
    private readonly deps: AppDeps,
    private readonly options: VoiceGatewayOptions,
  ) {
    this.metrics = new VoiceMetrics(deps.metrics.registry);
    // ws would close an oversized message with a bare 1009; a looser ceiling lets
    // the connection send an `error` naming the limit first.
    this.server = new WebSocketServer({
      noServer: true,
      maxPayload: deps.settings.VOICE_MAX_FRAME_BYTES * 2 + 64 * 1024,
      perMessageDeflate: false,
    });
    deps.lifecycle.onShutdown('voice-sockets', (signal) => this.shutdown(signal));
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
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== voicePath) return false;
    if (!this.originAllowed(req)) {
      this.deps.logger.warn(
        { voice: { origin: req.headers.origin } },
        'voice socket refused: foreign origin',
      );
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return true;
    }
    if (this.deps.lifecycle.draining) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return true;
    }
    this.server.handleUpgrade(req, socket, head, (ws) => {
      const connection = new VoiceConnection(
        ws,
        {
          settings: this.deps.settings,
          logger: this.deps.logger,
          providers: this.deps.providers,
          metrics: this.metrics,
          createSession: this.options.createSession,
          deliverFor:
            this.options.deliverFor ?? (this.deps.delivery ? deliverThrough(this.deps.delivery) : undefined),
        },
        randomUUID(),
      );
      if (this.connections.size >= this.deps.settings.VOICE_MAX_SESSIONS) {
        connection.refuse(
          'too_many_sessions',
          'The server runs as many interviews as it can; try again shortly',
        );
        return;
      }
      this.connections.add(connection);
      void connection.closed.then(() => this.connections.delete(connection));
    });
    return true;
  }

  /**
   * Browsers always send Origin: a page of another site may not open interviews
   * (and spend vendor time) here unless VOICE_ALLOWED_ORIGINS names it. Clients
   * that are not browsers send none and are let in.
   */
  private originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
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
    if (hosts.includes(parsed.host)) return true;
    return this.deps.settings.VOICE_ALLOWED_ORIGINS.includes(parsed.origin);
  }

  async shutdown(signal: AbortSignal): Promise<void> {
    await Promise.all([...this.connections].map((connection) => connection.shutdown(signal)));
    this.server.close();
  }
}

function deliverThrough(delivery: ResultDelivery) {
  return (sessionId: string) => sessionDelivery(delivery, sessionId);
}
