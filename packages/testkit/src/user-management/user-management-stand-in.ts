import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { toResultRow } from './user-management-results.js';
import { openResultStore, type ResultStore, type StoredResult } from './user-management-store.js';
import { checkServiceToken, importTokenKey } from './user-management-tokens.js';

export interface UserManagementStandInOptions {
  /** INTERNAL_SERVICE_JWT_SECRET the tokens must be signed with. */
  secret: string;
  /** A real PostgreSQL server (rows go to a fresh schema, dropped on close); embedded PGlite otherwise. */
  databaseUrl?: string | undefined;
  /** 0 (any free port) by default. */
  port?: number;
  /** The address to listen on; 127.0.0.1 by default (0.0.0.0 in a container stack). */
  host?: string | undefined;
  /** The stand-in's clock for token checks; Date.now by default. */
  now?: () => number;
  clockToleranceSec?: number;
  /** Uniform in [0, 1), for `failRandomly`; Math.random by default. */
  random?: () => number;
  /** agent-config answers by meeting id; any other meeting gets `{autoJoin: true}`. */
  agentConfigs?: Record<string, Record<string, unknown>>;
}

/** How one request went, as the stand-in saw it. */
export interface StandInRequest {
  method: string;
  path: string;
  status: number | 'dropped';
  idempotencyKey: string | undefined;
  jti: string | undefined;
  /** Why a 401 or 400 was sent, or which fault answered. */
  note: string | undefined;
  at: number;
}

/**
 * - `status`: answer this status before storing anything (503, 500, 429 with Retry-After…).
 * - `drop-before-commit`: destroy the connection without storing.
 * - `drop-after-commit`: store the row, then destroy the connection without answering:
 *   the caller cannot know it landed, so it retries, and the UNIQUE key must refuse the second append.
 */
export type StandInFault =
  | { type: 'status'; status: number; retryAfterSec?: number }
  | { type: 'drop-before-commit' }
  | { type: 'drop-after-commit' };

export interface UserManagementStandIn {
  readonly url: string;
  readonly port: number;
  /** 'pglite' or the real server's schema. */
  readonly database: string;
  readonly requests: StandInRequest[];
  /** Every row of ai_bot_interview_sessions, in insertion order. */
  rows(): Promise<StoredResult[]>;
  countRows(): Promise<number>;
  /** The next `times` posts get this fault. */
  fault(fault: StandInFault, times?: number): void;
  /** Each post fails with this probability, with a fault picked at random from `faults`. */
  failRandomly(rate: number, faults?: StandInFault[]): void;
  /** Stop listening and cut every connection: callers get ECONNREFUSED until `up()`. */
  down(): Promise<void>;
  /** Listen again on the same port. */
  up(): Promise<void>;
  setAgentConfig(meetingId: string, config: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** Unauthenticated page listing the stored rows, so a developer can watch results land. */
export const ROWS_PATH = '/__stand-in/rows';

const PATHS = {
  health: /^\/api\/internal\/health$/,
  agentConfig: /^\/api\/internal\/meetings\/([^/]+)\/agent-config$/,
  evalResults: /^\/api\/internal\/bot-sessions\/([^/]+)\/eval-results$/,
  report: /^\/api\/internal\/bot-sessions\/([^/]+)\/report$/,
  transcript: /^\/api\/internal\/meetings\/([^/]+)\/transcript$/,
};

const DEFAULT_RANDOM_FAULTS: StandInFault[] = [
  { type: 'status', status: 503 },
  { type: 'status', status: 500 },
  { type: 'drop-before-commit' },
  { type: 'drop-after-commit' },
];

/**
 * A user-management stand-in on 127.0.0.1 that speaks the internal API in
 * DESIGN.md, checks service tokens, and stores posts in ai_bot_interview_sessions.
 *
 * A post whose idempotency key the session already has answers
 * 200 `{id, duplicate: true}` with the first row's id (a new row answers 201
 * `{id, duplicate: false}`); the client also treats 409 as "already stored".
 */
export async function startUserManagementStandIn(
  options: UserManagementStandInOptions,
): Promise<UserManagementStandIn> {
  const store: ResultStore = await openResultStore({ url: options.databaseUrl });
  const now = options.now ?? Date.now;
  const tokenKey = importTokenKey(options.secret);
  const random = options.random ?? Math.random;
  const agentConfigs = new Map(Object.entries(options.agentConfigs ?? {}));
  const requests: StandInRequest[] = [];
  const scripted: StandInFault[] = [];
  let randomRate = 0;
  let randomFaults = DEFAULT_RANDOM_FAULTS;
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { code: 'internal', message: String(error) } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const headerKey = req.headers['idempotency-key'];
    const entry: StandInRequest = {
      method: req.method ?? 'GET',
      path,
      status: 0,
      idempotencyKey: typeof headerKey === 'string' ? headerKey : undefined,
      jti: undefined,
      note: undefined,
      at: now(),
    };
    requests.push(entry);
    const answer = (status: number, body: unknown, note?: string, headers?: Record<string, string>) => {
      entry.status = status;
      entry.note = note;
      send(res, status, body, headers);
    };
    const drop = (note: string) => {
      entry.status = 'dropped';
      entry.note = note;
      res.socket?.destroy();
    };

    if (req.method === 'GET' && path === ROWS_PATH) {
      // For people, not for the contract: what has landed, without a token.
      answer(200, { database: store.where, rows: await store.rows() });
      return;
    }

    const token = await checkServiceToken(req.headers.authorization, {
      secret: options.secret,
      key: tokenKey,
      now,
      ...(options.clockToleranceSec === undefined ? {} : { clockToleranceSec: options.clockToleranceSec }),
    });
    if (!token.ok) {
      answer(401, { error: { code: 'unauthorized', message: token.reason } }, token.reason);
      return;
    }
    entry.jti = token.jti;

    if (req.method === 'GET' && PATHS.health.test(path)) {
      answer(200, { status: 'ok', service: 'user-management-stand-in', database: store.where });
      return;
    }
    const meeting = req.method === 'GET' ? PATHS.agentConfig.exec(path) : null;
    if (meeting?.[1]) {
      const id = decodeURIComponent(meeting[1]);
      answer(200, { meetingId: id, autoJoin: true, ...agentConfigs.get(id) });
      return;
    }

    const evalMatch = PATHS.evalResults.exec(path);
    const reportMatch = PATHS.report.exec(path);
    const transcriptMatch = PATHS.transcript.exec(path);
    const target = evalMatch ?? reportMatch ?? transcriptMatch;
    if (req.method !== 'POST' || !target?.[1]) {
      answer(404, { error: { code: 'not_found', message: `${req.method} ${path}` } }, 'no such route');
      return;
    }

    const fault =
      scripted.shift() ?? (randomRate > 0 && random() < randomRate ? pickRandomFault() : undefined);
    if (fault?.type === 'status') {
      const headers: Record<string, string> =
        fault.retryAfterSec === undefined ? {} : { 'retry-after': String(fault.retryAfterSec) };
      answer(
        fault.status,
        { error: { code: 'fault', message: `injected ${fault.status}` } },
        'fault',
        headers,
      );
      return;
    }
    if (fault?.type === 'drop-before-commit') {
      drop('fault: dropped before commit');
      return;
    }

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      answer(400, { error: { code: 'bad_request', message: 'body is not JSON' } }, 'body is not JSON');
      return;
    }
    const id = decodeURIComponent(target[1]);
    const row = toResultRow(id, json, evalMatch ? 'eval_result' : reportMatch ? 'report' : 'transcript');
    if ('error' in row) {
      answer(400, { error: { code: 'bad_request', message: row.error } }, row.error);
      return;
    }
    if (entry.idempotencyKey !== row.idempotencyKey) {
      const message = 'Idempotency-Key header and idempotencyKey field must be present and equal';
      answer(400, { error: { code: 'bad_request', message } }, message);
      return;
    }
    const stored = await store.insert(row);
    if (fault?.type === 'drop-after-commit') {
      drop('fault: dropped after commit');
      return;
    }
    answer(stored.duplicate ? 200 : 201, { id: stored.id, duplicate: stored.duplicate }, undefined);
  }

  function pickRandomFault(): StandInFault | undefined {
    return randomFaults[Math.floor(random() * randomFaults.length)];
  }

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  let listening = true;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    database: store.where,
    requests,
    rows: () => store.rows(),
    countRows: () => store.count(),
    fault: (fault, times = 1) => {
      for (let i = 0; i < times; i += 1) scripted.push(fault);
    },
    failRandomly: (rate, faults = DEFAULT_RANDOM_FAULTS) => {
      randomRate = rate;
      randomFaults = faults;
    },
    down: async () => {
      if (!listening) return;
      listening = false;
      await stopListening();
    },
    up: async () => {
      if (listening) return;
      await listen(port);
      listening = true;
    },
    setAgentConfig: (meetingId, config) => {
      agentConfigs.set(meetingId, config);
    },
    close: async () => {
      if (listening) {
        listening = false;
        await stopListening();
      }
      await store.close();
    },
  };
}
