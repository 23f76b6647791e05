import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { startLoopbackServer } from '../loopback/loopback-server.js';
import type { LoopbackServer, RecordedRequest } from '../loopback/loopback-types.js';
import { sendJson } from '../loopback/sse-response.js';

/**
 * A loopback Simli speaking the Compose API (vendor-wire.md section 6):
 * `POST /compose/token` (x-simli-api-key) → `{session_token}`, `GET /compose/ice`
 * → RTCIceServer[], and `POST /integrations/livekit/agents` (authenticated by the session token).
 */

export interface SimliFakeOptions {
  apiKey?: string;
  /** Faces the fake knows; others get Simli's `FAIL TOKEN` answer. Default: any face. */
  faces?: string[];
  iceServers?: { urls: string | string[]; username?: string; credential?: string }[];
}

export interface SimliFakeTokenRequest {
  request: RecordedRequest;
  body: Record<string, unknown>;
  /** The token the fake answered, when it answered one. */
  sessionToken?: string;
}

export interface SimliFake {
  readonly server: LoopbackServer;
  /** baseURL for the client ('http://127.0.0.1:PORT'). */
  readonly url: string;
  readonly apiKey: string;
  readonly iceServers: NonNullable<SimliFakeOptions['iceServers']>;
  tokenRequests(): SimliFakeTokenRequest[];
  /** Tokens minted so far. */
  readonly sessionTokens: ReadonlySet<string>;
  /** Bodies of `POST /integrations/livekit/agents` that carried a valid token. */
  liveKitAgents(): Record<string, unknown>[];
  /** Next token request fails with this status (429 carries Retry-After when given). */
  fail(status: number, options?: { retryAfterSec?: number; body?: unknown }): void;
  /** Next token request is never answered. */
  stall(): void;
  /** Next token request has its socket destroyed. */
  drop(): void;
  /** Next ICE request fails with this status. */
  failIce(status: number): void;
  /** Next ICE request is never answered. */
  stallIce(): void;
  /** Forget scripted faults that were not used yet. */
  reset(): void;
  openConnections(): number;
  close(): Promise<void>;
}

const defaultIceServers = [
  { urls: ['stun:stun.l.google.com:19302'] },
  {
    urls: 'turn:turn.fake-simli.test:3478?transport=udp',
    username: 'fake-user',
    credential: 'fake-credential',
  },
];

/**
 * `StartStreamingSessionRequest` of Simli's OpenAPI (docs.simli.com/api-reference/compose-session-token,
 * api.simli.ai/openapi.yaml): faceId required; apiVersion only "v2"; the rest typed with defaults.
 * `audioInputFormat`: "pcm16" is the only format (docs.simli.com/api-reference/python/reference,
 * `SimliConfig`). `model` is not in the OpenAPI but in simli-client's `SimliSessionRequest`; Simli
 * (FastAPI) ignores fields it does not know, so any other field passes.
 */
const tokenRequestSchema = z.looseObject({
  faceId: z.string().min(1),
  apiVersion: z.literal('v2').optional(),
  sessionAggregator: z.string().nullable().optional(),
  handleSilence: z.boolean().optional(),
  maxSessionLength: z.number().int().positive().optional(),
  maxIdleTime: z.number().int().positive().optional(),
  startFrame: z.number().int().min(0).optional(),
  audioInputFormat: z.literal('pcm16').optional(),
  model: z.string().min(1).optional(),
});

const liveKitAgentSchema = z.object({
  session_token: z.string().min(1),
  livekit_token: z.string().min(1),
  livekit_url: z.string().min(1),
});

/**
 * FastAPI's 422 `HTTPValidationError` (`{detail: [{loc, msg, type}]}`), the shape Simli's
 * OpenAPI gives for a malformed body (docs.simli.com legacy startAudioToVideoSession page).
 */
function validationError(error: z.ZodError) {
  return {
    detail: error.issues.map((issue) => ({
      loc: ['body', ...issue.path.map(String)],
      msg: issue.message,
      type: issue.code,
    })),
  };
}

/** A body that is not JSON at all: FastAPI's `json_invalid`. */
const invalidJson = { detail: [{ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid' }] };

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export async function startSimliFake(options: SimliFakeOptions = {}): Promise<SimliFake> {
  const server = await startLoopbackServer();
  const apiKey = options.apiKey ?? 'simli-test-key';
  const iceServers = options.iceServers ?? defaultIceServers;
  const faces = options.faces ? new Set(options.faces) : undefined;
  const tokenRequests: SimliFakeTokenRequest[] = [];
  const sessionTokens = new Set<string>();
  const liveKitAgents: Record<string, unknown>[] = [];

  const keyOk = (req: RecordedRequest) => req.headers['x-simli-api-key'] === apiKey;

  server.route('POST', '/compose/token', (req, res) => {
    const json = parseJson(req.body);
    const record: SimliFakeTokenRequest = {
      request: req,
      body: typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {},
    };
    tokenRequests.push(record);
    // The key is checked first; the status and wording of a refused key are not documented.
    if (!keyOk(req)) return sendJson(res, 401, { detail: 'Invalid API Key' });
    if (json === undefined) return sendJson(res, 422, invalidJson);
    const parsed = tokenRequestSchema.safeParse(json);
    if (!parsed.success) return sendJson(res, 422, validationError(parsed.error));
    const face = parsed.data.faceId.split('/')[0] ?? parsed.data.faceId;
    if (faces && !faces.has(face)) {
      // The OpenAPI's 400 "Invalid Data": `{session_token: "FAIL TOKEN", detail}`.
      return sendJson(res, 400, { session_token: 'FAIL TOKEN', detail: `Face ${face} not found` });
    }
    const token = `fake-session-${randomBytes(12).toString('hex')}`;
    sessionTokens.add(token);
    record.sessionToken = token;
    sendJson(res, 200, { session_token: token });
  });

  server.route('GET', '/compose/ice', (req, res) => {
    if (!keyOk(req)) return sendJson(res, 401, { detail: 'Invalid API Key' });
    sendJson(res, 200, iceServers);
  });

  server.route('POST', '/integrations/livekit/agents', (req, res) => {
    const parsed = liveKitAgentSchema.safeParse(parseJson(req.body));
    if (!parsed.success) return sendJson(res, 422, validationError(parsed.error));
    if (!sessionTokens.has(parsed.data.session_token)) {
      return sendJson(res, 401, { detail: 'Invalid session token' });
    }
    liveKitAgents.push(parsed.data);
    sendJson(res, 200, { status: 'started' });
  });

  const tokenPath = { path: '/compose/token' };
  const icePath = { path: '/compose/ice' };
  return {
    server,
    url: server.url,
    apiKey,
    iceServers,
    tokenRequests: () => tokenRequests,
    sessionTokens,
    liveKitAgents: () => liveKitAgents,
    fail(status, failOptions = {}) {
      server.fault(
        {
          status,
          headers:
            failOptions.retryAfterSec !== undefined
              ? { 'retry-after': String(failOptions.retryAfterSec) }
              : {},
          body: failOptions.body ?? { detail: `Scripted failure ${status}` },
        },
        tokenPath,
      );
    },
    stall() {
      server.fault({ stall: true }, tokenPath);
    },
    drop() {
      server.fault({ drop: true }, tokenPath);
    },
    failIce(status) {
      server.fault({ status, body: { detail: `Scripted failure ${status}` } }, icePath);
    },
    stallIce() {
      server.fault({ stall: true }, icePath);
    },
    reset() {
      server.clearFaults();
    },
    openConnections: () => server.openConnections(),
    close: () => server.close(),
  };
}
