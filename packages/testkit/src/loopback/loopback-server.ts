import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type {
  Fault,
  FaultMatch,
  LoopbackServer,
  PathMatcher,
  RecordedRequest,
  RouteHandler,
  StatusFault,
  WsHandler,
  WsRouteOptions,
} from './loopback-types.js';

interface Route {
  method: string;
  path: PathMatcher;
  handler: RouteHandler;
}

interface WsRoute {
  path: PathMatcher;
  handler: WsHandler;
  options: WsRouteOptions;
}

interface QueuedFault {
  fault: Fault;
  match: FaultMatch;
}

function pathMatches(matcher: PathMatcher, path: string): boolean {
  return typeof matcher === 'string' ? matcher === path : matcher.test(path);
}

function faultMatches(match: FaultMatch, method: string, path: string): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== method) return false;
  if (match.path !== undefined && !pathMatches(match.path, path)) return false;
  return true;
}

function encodeBody(body: unknown): { bytes: Buffer; json: boolean } {
  if (body === undefined) return { bytes: Buffer.alloc(0), json: false };
  if (Buffer.isBuffer(body)) return { bytes: body, json: false };
  if (typeof body === 'string') return { bytes: Buffer.from(body), json: false };
  return { bytes: Buffer.from(JSON.stringify(body)), json: true };
}

function recordHead(req: IncomingMessage, body: Buffer, at: number): RecordedRequest {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    at,
  };
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Start an HTTP + WebSocket server on 127.0.0.1 (ephemeral port) for vendor fakes:
 * routes and WebSocket handlers by path, every request recorded, faults scripted per request.
 */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  const routes: Route[] = [];
  const wsRoutes: WsRoute[] = [];
  const faults: QueuedFault[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const openResponses = new Set<ServerResponse>();
  const pendingUpgrades = new Set<Duplex>();
  const openWebSockets = new Set<WebSocket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const wss = new WebSocketServer({ noServer: true });

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const takeFault = (method: string, path: string): Fault | undefined => {
    const index = faults.findIndex((queued) => faultMatches(queued.match, method, path));
    if (index === -1) return undefined;
    const [queued] = faults.splice(index, 1);
    return queued?.fault;
  };

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = Date.now();
    openResponses.add(res);
    res.on('close', () => openResponses.delete(res));
    const body = await readAll(req);
    const recorded = recordHead(req, body, at);
    requests.push(recorded);

    const fault = takeFault(recorded.method, recorded.path);
    if (fault && 'drop' in fault) {
      req.socket.destroy();
      return;
    }
    if (fault && 'stall' in fault) return;
    if (fault?.delayMs !== undefined) {
      await sleep(fault.delayMs);
      if (closed || res.destroyed) return;
    }
    if (fault && 'status' in fault) {
      const { bytes, json } = encodeBody(fault.body);
      res.writeHead(fault.status, {
        ...(json ? { 'content-type': 'application/json' } : {}),
        ...fault.headers,
      });
      res.end(bytes);
      return;
    }

    // Latest registration first, so a test can override a fake's default route.
    const route = routes.findLast((r) => r.method === recorded.method && pathMatches(r.path, recorded.path));
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `no route for ${recorded.method} ${recorded.path}` }));
      return;
    }
    try {
      await route.handler(recorded, res);
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
      } else {
        res.destroy();
      }
    }
  };

  const refuseUpgrade = (socket: Duplex, answer: StatusFault) => {
    const { bytes, json } = encodeBody(answer.body);
    const headers = { ...(json ? { 'content-type': 'application/json' } : {}), ...answer.headers };
    const head = [
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? 'Unknown'}`,
      'connection: close',
    ];
    head.push(`content-length: ${bytes.length}`);
    for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
    socket.end(Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n'), bytes]));
  };

  const handleUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    pendingUpgrades.add(socket);
    socket.on('close', () => pendingUpgrades.delete(socket));
    // The HTTP server keeps sockets half-open; a client giving up on a stalled handshake must close it here.
    socket.on('end', () => {
      if (pendingUpgrades.has(socket)) socket.destroy();
    });
    const recorded = recordHead(req, Buffer.alloc(0), Date.now());
    requests.push(recorded);

    const fault = takeFault(recorded.method, recorded.path);
    if (fault && 'drop' in fault) {
      socket.destroy();
      return;
    }
    if (fault && 'stall' in fault) return;
    if (fault?.delayMs !== undefined) {
      await sleep(fault.delayMs);
      if (closed || socket.destroyed) return;
    }
    if (fault && 'status' in fault) {
      refuseUpgrade(socket, fault);
      return;
    }

    const route = wsRoutes.findLast((r) => pathMatches(r.path, recorded.path));
    if (!route) {
      refuseUpgrade(socket, { status: 404, body: `no websocket route for ${recorded.path}` });
      return;
    }
    const refusal = route.options.verify?.(recorded);
    if (refusal) {
      refuseUpgrade(socket, refusal);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      pendingUpgrades.delete(socket);
      openWebSockets.add(ws);
      ws.on('close', () => openWebSockets.delete(ws));
      Promise.resolve(route.handler(ws, recorded)).catch(() => ws.terminate());
    });
  };

  const server = createServer((req, res) => {
    handleRequest(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    handleUpgrade(req, socket, head).catch(() => socket.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    requests,
    route(method, path, handler) {
      routes.push({ method: method.toUpperCase(), path, handler });
    },
    ws(path, handler, options = {}) {
      wsRoutes.push({ path, handler, options });
    },
    fault(fault, match = {}) {
      faults.push({ fault, match });
    },
    clearFaults() {
      faults.length = 0;
    },
    openConnections() {
      return openResponses.size + pendingUpgrades.size + openWebSockets.size;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const ws of openWebSockets) ws.terminate();
      for (const socket of pendingUpgrades) socket.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        wss.close(() => resolve());
      });
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Everything was destroyed above; their 'close' events may still be in flight.
      openResponses.clear();
      pendingUpgrades.clear();
      openWebSockets.clear();
    },
  };
}
