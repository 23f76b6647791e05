import { randomBytes } from 'node:crypto';
import {
  AvailabilityRequest,
  type AvailabilityResponse,
  Job,
  JobType,
  RegisterWorkerResponse,
  Room,
  ServerInfo,
  ServerInfo_Edition,
  ServerMessage,
  WorkerMessage,
  WorkerPong,
} from '@livekit/protocol';
import type { WebSocket } from 'ws';
import { startLoopbackServer } from '../loopback/loopback-server.js';
import type { LoopbackServer } from '../loopback/loopback-types.js';
import { checkAgentToken, type LiveKitTokenClaims } from './livekit-token.js';

/**
 * A loopback LiveKit server's agent endpoint (vendor-wire.md section 7): a WebSocket at `/agent`
 * authenticated by `authorization: Bearer <JWT>` (HS256, `video.agent` grant), carrying protobuf
 * `WorkerMessage` (worker → server) and `ServerMessage` (server → worker) frames from
 * `@livekit/protocol`. It registers workers, answers pings, records every decoded message, and
 * offers jobs for rooms (`AvailabilityRequest`). It never sends a `JobAssignment`: an assigned job
 * would join the room over WebRTC, which this fake does not serve.
 */

export interface LiveKitAgentFakeOptions {
  apiKey?: string;
  apiSecret?: string;
  /** The clock tokens are checked against; Date.now by default. */
  now?: () => number;
}

/** One worker's WebSocket, as the fake saw it. */
export interface LiveKitFakeWorker {
  /** Set once the worker registered. */
  readonly workerId: string | undefined;
  readonly claims: LiveKitTokenClaims;
  /** Every message this worker sent, decoded, in arrival order. */
  readonly messages: readonly WorkerMessage[];
  readonly open: boolean;
}

export interface LiveKitJobOffer {
  roomName: string;
  roomMetadata?: string;
  /** Explicit dispatch: the agent name the job is for ('' = automatic dispatch, the default). */
  agentName?: string;
}

export interface LiveKitAgentFake {
  readonly server: LoopbackServer;
  /** LIVEKIT_URL for the worker: 'ws://127.0.0.1:PORT'. */
  readonly url: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Every connection that passed the token check, in order. */
  workers(): readonly LiveKitFakeWorker[];
  /** Every message from every worker, decoded, in arrival order. */
  received(): readonly WorkerMessage[];
  /** Why upgrades to `/agent` were refused (401), in order. */
  refusals(): readonly string[];
  /** Resolves with the first worker that registers (at once when one already has). */
  registered(timeoutMs?: number): Promise<LiveKitFakeWorker>;
  /** Resolves with the first received message that matches, waiting for it when needed. */
  waitForMessage(predicate: (message: WorkerMessage) => boolean, timeoutMs?: number): Promise<WorkerMessage>;
  /** Offers a job for a room to the latest registered worker and resolves with its answer. */
  offerJob(offer: LiveKitJobOffer, timeoutMs?: number): Promise<AvailabilityResponse>;
  openConnections(): number;
  close(): Promise<void>;
}

interface WorkerState extends LiveKitFakeWorker {
  workerId: string | undefined;
  messages: WorkerMessage[];
  open: boolean;
  socket: WebSocket;
}

/** LiveKit ids are a prefix and 12 base62-ish characters (AW_ worker, AJ_ job, RM_ room). */
function liveKitId(prefix: string): string {
  return `${prefix}${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
}

export async function startLiveKitAgentFake(
  options: LiveKitAgentFakeOptions = {},
): Promise<LiveKitAgentFake> {
  const apiKey = options.apiKey ?? 'devkey';
  const apiSecret = options.apiSecret ?? 'secret-of-the-fake-livekit-server-0123';
  const now = options.now ?? Date.now;
  const server = await startLoopbackServer();
  const workers: WorkerState[] = [];
  const received: WorkerMessage[] = [];
  const refusals: string[] = [];
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  const send = (worker: WorkerState, message: ServerMessage['message']) => {
    worker.socket.send(new ServerMessage({ message }).toBinary());
  };

  const checks = new WeakMap<object, LiveKitTokenClaims>();
  server.ws(
    '/agent',
    (socket, req) => {
      const claims = checks.get(req);
      if (!claims) {
        socket.close(1008, 'unauthorized');
        return;
      }
      const worker: WorkerState = { workerId: undefined, claims, messages: [], open: true, socket };
      workers.push(worker);
      socket.on('close', () => {
        worker.open = false;
        notify();
      });
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) {
          socket.close(1003, 'expected binary protobuf frames');
          return;
        }
        let message: WorkerMessage;
        try {
          message = WorkerMessage.fromBinary(new Uint8Array(data));
        } catch {
          socket.close(1007, 'not a WorkerMessage');
          return;
        }
        worker.messages.push(message);
        received.push(message);
        const { case: kind, value } = message.message;
        if (kind === 'register' && worker.workerId === undefined) {
          worker.workerId = liveKitId('AW_');
          send(worker, {
            case: 'register',
            value: new RegisterWorkerResponse({
              workerId: worker.workerId,
              serverInfo: new ServerInfo({
                edition: ServerInfo_Edition.Standard,
                version: '1.9.0',
                protocol: 16,
                nodeId: 'ND_loopback',
              }),
            }),
          });
        } else if (kind === 'ping') {
          send(worker, {
            case: 'pong',
            value: new WorkerPong({ lastTimestamp: value.timestamp, timestamp: BigInt(now()) }),
          });
        }
        notify();
      });
    },
    {
      verify: (req) => {
        const check = checkAgentToken(
          typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined,
          { [apiKey]: apiSecret },
          now(),
        );
        if (!check.ok) {
          refusals.push(check.reason);
          return { status: 401, body: `invalid token: ${check.reason}` };
        }
        checks.set(req, check.claims);
        return undefined;
      },
    },
  );

  /** Resolves when `probe` returns a value; rejects after `timeoutMs` or when `probe` throws. */
  const waitUntil = <T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const listener = () => {
        let value: T | undefined;
        try {
          value = probe();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value === undefined) return;
        finish();
        resolve(value);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`LiveKit fake: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      listeners.add(listener);
      listener();
    });

  return {
    server,
    url: server.wsUrl,
    apiKey,
    apiSecret,
    workers: () => workers,
    received: () => received,
    refusals: () => refusals,
    registered: (timeoutMs = 30_000) =>
      waitUntil(() => workers.find((worker) => worker.workerId !== undefined), timeoutMs, 'a registration'),
    waitForMessage: (predicate, timeoutMs = 10_000) =>
      waitUntil(() => received.find(predicate), timeoutMs, 'a matching worker message'),
    offerJob: (offer, timeoutMs = 10_000) => {
      const worker = workers.findLast((candidate) => candidate.open && candidate.workerId !== undefined);
      if (!worker) return Promise.reject(new Error('LiveKit fake: no registered worker to offer a job to'));
      const job = new Job({
        id: liveKitId('AJ_'),
        dispatchId: liveKitId('AD_'),
        type: JobType.JT_ROOM,
        agentName: offer.agentName ?? '',
        room: new Room({
          sid: liveKitId('RM_'),
          name: offer.roomName,
          metadata: offer.roomMetadata ?? '',
          creationTime: BigInt(Math.floor(now() / 1000)),
        }),
      });
      send(worker, { case: 'availability', value: new AvailabilityRequest({ job, resuming: false }) });
      return waitUntil(
        () => {
          for (const message of worker.messages) {
            if (message.message.case === 'availability' && message.message.value.jobId === job.id) {
              return message.message.value;
            }
          }
          if (!worker.open)
            throw new Error('LiveKit fake: the worker disconnected before answering the job offer');
          return undefined;
        },
        timeoutMs,
        `the answer to the job offer for ${offer.roomName}`,
      );
    },
    openConnections: () => server.openConnections(),
    close: () => server.close(),
  };
}
