import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';

/** One request as it reached the fake, body fully buffered. WebSocket upgrades are recorded too. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Date.now() when the request head arrived. */
  at: number;
}

export type PathMatcher = string | RegExp;

export type RouteHandler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export type WsHandler = (socket: WebSocket, req: RecordedRequest) => void | Promise<void>;

export interface WsRouteOptions {
  /** Checked before the upgrade completes: a StatusFault refuses it (e.g. 401 for a bad key). */
  verify?: (req: RecordedRequest) => StatusFault | undefined;
}

/** Answer with this status instead of the route (a WebSocket upgrade is refused with it). */
export interface StatusFault {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** Destroy the socket without answering. */
export interface DropFault {
  drop: true;
}

/** Never answer; the socket stays open until the client gives up or the server closes. */
export interface StallFault {
  stall: true;
}

/** Answer normally, but only after this delay. */
export interface DelayFault {
  delayMs: number;
}

export type Fault = StatusFault | DropFault | StallFault | DelayFault;

/** Which requests a fault applies to; omitted fields match anything. */
export interface FaultMatch {
  method?: string;
  path?: PathMatcher;
}

export interface LoopbackServer {
  /** 'http://127.0.0.1:PORT' */
  readonly url: string;
  /** 'ws://127.0.0.1:PORT' */
  readonly wsUrl: string;
  readonly port: number;
  /** Every request in arrival order, WebSocket upgrades included. */
  readonly requests: RecordedRequest[];
  /** Register an HTTP handler; a later registration for the same request wins. */
  route(method: string, path: PathMatcher, handler: RouteHandler): void;
  /** Register a WebSocket handler for upgrades on this path. */
  ws(path: PathMatcher, handler: WsHandler, options?: WsRouteOptions): void;
  /** Queue a fault for the next request that matches (any request when `match` is omitted). */
  fault(fault: Fault, match?: FaultMatch): void;
  /** Forget queued faults that no request has used yet (a fake's reset()). */
  clearFaults(): void;
  /** HTTP responses not yet finished plus open WebSockets. */
  openConnections(): number;
  /** Terminate every socket (stalled ones too) and stop listening. */
  close(): Promise<void>;
}
