import type { ServerResponse } from 'node:http';
import { wavHeader } from '@bot-backend/audio';
import { startLoopbackServer } from '../loopback/loopback-server.js';
import type { LoopbackServer, RecordedRequest, StatusFault } from '../loopback/loopback-types.js';
import { sendJson } from '../loopback/sse-response.js';
import {
  defaultFakeTone,
  encodeFakeSamples,
  type FakeToneOptions,
  fakeSampleCount,
} from './cartesia-fake-audio.js';
import {
  type CartesiaFakeError,
  checkGenerationRequest,
  type GenerationRequest,
  httpErrorBody,
} from './cartesia-fake-rules.js';
import {
  type CartesiaFakeConnection,
  type SynthesisBehaviour,
  serveCartesiaSocket,
} from './cartesia-fake-ws.js';
import { FakeToneCache } from './fake-tone-cache.js';

export type { CartesiaFakeConnection } from './cartesia-fake-ws.js';

/**
 * A loopback Cartesia speaking the real wire protocol (see vendor-wire.md section 5):
 * `POST /tts/bytes` answering raw PCM, and `/tts/websocket` with contexts, `chunk`
 * messages of base64 audio, `flush_done`, `done`, `error` and `cancel`.
 * Audio is a pure tone whose length is proportional to the transcript.
 */

export interface CartesiaFakeOptions {
  /** The key the fake accepts (Bearer, X-API-Key, or ?api_key= / ?access_token=). */
  apiKey?: string;
  tone?: Partial<FakeToneOptions>;
  /** Samples per websocket `chunk` message; default 100 ms of audio at the requested rate. */
  wsChunkSamples?: number;
  /**
   * Bytes per HTTP body write; default 8190, on purpose not a multiple of 4,
   * so float samples straddle chunk boundaries as they may over TCP.
   */
  httpChunkBytes?: number;
  /**
   * Latency profile: every synthesis (a bytes request, or each generation
   * request on a websocket) waits this long before its first audio. Default 0.
   */
  firstChunkDelayMs?: number;
  /**
   * Latency profile: after each chunk, wait its audio duration times this
   * (0.2 = five times faster than real time). Default 0: as fast as the socket takes it.
   */
  realtimeFactor?: number;
  /** A websocket context expires this long after its last audio; default 1000, as Cartesia's. */
  contextExpiryMs?: number;
}

export interface CartesiaFakeBytesRequest {
  request: RecordedRequest;
  body: Record<string, unknown>;
}

export interface CartesiaWsErrorScript {
  status_code?: number;
  title?: string;
  message?: string;
  error_code?: string;
}

export interface CartesiaFake {
  readonly server: LoopbackServer;
  /** baseURL for the SDK ('http://127.0.0.1:PORT'). */
  readonly url: string;
  readonly apiKey: string;
  readonly tone: FakeToneOptions;
  /** Websocket connections in order. */
  readonly connections: CartesiaFakeConnection[];
  /** Parsed bodies of every `POST /tts/bytes`. */
  bytesRequests(): CartesiaFakeBytesRequest[];
  /** How many samples the fake answers for this transcript at this rate. */
  expectedSamples(transcript: string, sampleRate: number): number;
  /** Next request or websocket upgrade fails with this status. */
  fail(status: number, options?: { retryAfterSec?: number; body?: unknown }): void;
  /** Next request or upgrade gets no answer at all. */
  stall(): void;
  /** Next request or upgrade has its socket destroyed before any answer. */
  drop(): void;
  /** Next synthesis (bytes request, or websocket connection) waits this long between chunks. */
  slow(options: { chunkDelayMs: number }): void;
  /** Next synthesis (bytes request, or websocket connection) sends this many chunks, then drops the socket. */
  dropMidStream(options: { afterChunks: number }): void;
  /** Next websocket generation request is answered with an `error` message. */
  errorNext(error?: CartesiaWsErrorScript): void;
  /** Forget scripted faults and behaviours that were not used yet. */
  reset(): void;
  openConnections(): number;
  /** Open websocket connections with a context still generating: a client's kept idle connection is not one. */
  streamingConnections(): number;
  close(): Promise<void>;
}

const ttsPaths = /^\/tts\//;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lets a cancel or a close land between chunks, as it would against the real service. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function startCartesiaFake(options: CartesiaFakeOptions = {}): Promise<CartesiaFake> {
  const server = await startLoopbackServer();
  const apiKey = options.apiKey ?? 'cartesia-test-key';
  const tone: FakeToneOptions = { ...defaultFakeTone, ...options.tone };
  const wsChunkSamples = (sampleRate: number) => options.wsChunkSamples ?? Math.round(sampleRate / 10);
  const httpChunkBytes = options.httpChunkBytes ?? 8190;
  const firstChunkDelayMs = options.firstChunkDelayMs ?? 0;
  const realtimeFactor = options.realtimeFactor ?? 0;
  const connections: CartesiaFakeConnection[] = [];
  const bytesRequests: CartesiaFakeBytesRequest[] = [];
  const behaviours: Partial<SynthesisBehaviour>[] = [];
  const wsErrors: CartesiaWsErrorScript[] = [];
  const contextExpiryMs = options.contextExpiryMs ?? 1000;
  const timers = new Set<NodeJS.Timeout>();

  const takeBehaviour = (): SynthesisBehaviour => {
    const next = behaviours.shift() ?? {};
    return { chunkDelayMs: next.chunkDelayMs ?? 0, dropAfterChunks: next.dropAfterChunks };
  };

  const authProblem = (req: RecordedRequest): StatusFault | undefined => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const headerKey = req.headers['x-api-key'];
    // Browser clients put credentials in the query; the query wins over headers.
    const key =
      req.query.get('api_key') ??
      req.query.get('access_token') ??
      bearer ??
      (typeof headerKey === 'string' ? headerKey : undefined);
    if (key !== apiKey) {
      return {
        status: 401,
        body: { error: 'Invalid API key', message: 'Invalid API key', title: 'Unauthorized' },
      };
    }
    const version = req.query.get('cartesia_version') ?? req.headers['cartesia-version'];
    if (!version) {
      return {
        status: 400,
        body: { error: 'missing version', message: 'The Cartesia-Version header is required' },
      };
    }
    return undefined;
  };

  const tones = new FakeToneCache(tone);
  const synthesize = (request: GenerationRequest, cursor: number): Float32Array =>
    tones.samples(
      fakeSampleCount(request.transcript, request.output_format.sample_rate, tone),
      request.output_format.sample_rate,
      cursor,
    );

  server.route('POST', '/tts/bytes', async (req, res) => {
    const problem = authProblem(req);
    if (problem) return sendJson(res, problem.status, problem.body);
    const version = req.headers['cartesia-version'];
    const answer = (error: CartesiaFakeError) => {
      const { contentType, body } = httpErrorBody(error, typeof version === 'string' ? version : '');
      res.writeHead(error.status, { 'content-type': contentType });
      res.end(body);
    };
    let json: unknown;
    try {
      json = JSON.parse(req.body.toString('utf8'));
    } catch {
      return answer({
        status: 400,
        error_code: 'invalid_request',
        title: 'Invalid request',
        message: 'Request body is not valid JSON',
      });
    }
    bytesRequests.push({
      request: req,
      body: typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {},
    });
    const checked = checkGenerationRequest(json, 'bytes');
    if ('error' in checked) return answer(checked.error);
    const format = checked.request.output_format;
    if (format.container === 'mp3' || (format.encoding !== 'pcm_f32le' && format.encoding !== 'pcm_s16le')) {
      // Valid for Cartesia; this fake only renders linear PCM.
      return answer({
        status: 501,
        error_code: null,
        title: 'Not implemented',
        message: 'The fake renders pcm_f32le and pcm_s16le only',
      });
    }
    const behaviour = takeBehaviour();
    const samples = encodeFakeSamples(synthesize(checked.request, 0), format.encoding);
    const bytes =
      format.container === 'wav' && format.encoding === 'pcm_s16le'
        ? Buffer.concat([wavHeader({ dataBytes: samples.length, sampleRate: format.sample_rate }), samples])
        : samples;
    const bytesPerMs = (format.sample_rate * (format.encoding === 'pcm_f32le' ? 4 : 2)) / 1000;
    await streamBody(res, bytes, behaviour, bytesPerMs);
  });

  /** The pause after a chunk: a scripted delay, else the real-time factor's share of its audio. */
  const chunkPause = (behaviour: SynthesisBehaviour, audioMs: number): Promise<void> => {
    if (behaviour.chunkDelayMs > 0) return sleep(behaviour.chunkDelayMs);
    if (realtimeFactor > 0) return sleep(audioMs * realtimeFactor);
    return nextTurn();
  };

  const streamBody = async (
    res: ServerResponse,
    bytes: Buffer,
    behaviour: SynthesisBehaviour,
    bytesPerMs: number,
  ) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    if (firstChunkDelayMs > 0) await sleep(firstChunkDelayMs);
    let sent = 0;
    for (let offset = 0; offset < bytes.length; offset += httpChunkBytes) {
      if (res.destroyed) return;
      const chunk = bytes.subarray(offset, offset + httpChunkBytes);
      res.write(chunk);
      sent += 1;
      if (behaviour.dropAfterChunks !== undefined && sent >= behaviour.dropAfterChunks) {
        res.socket?.destroy();
        return;
      }
      await chunkPause(behaviour, chunk.length / bytesPerMs);
    }
    if (!res.destroyed) res.end();
  };

  server.ws(
    '/tts/websocket',
    (socket, req) => {
      const connection: CartesiaFakeConnection = {
        request: req,
        messages: [],
        closed: false,
        activeContexts: new Set(),
      };
      connections.push(connection);
      serveCartesiaSocket(socket, connection, {
        synthesize,
        base64: (samples, from, length, encoding) => tones.base64(samples, from, length, encoding),
        behaviour: takeBehaviour(),
        wsChunkSamples,
        firstChunkDelayMs,
        contextExpiryMs,
        chunkPause,
        sleep,
        takeScriptedError: () => {
          const next = wsErrors.shift();
          if (!next) return undefined;
          const { status_code, ...rest } = next;
          return { ...rest, ...(status_code !== undefined ? { status: status_code } : {}) };
        },
        timers,
      });
    },
    { verify: authProblem },
  );

  return {
    server,
    url: server.url,
    apiKey,
    tone,
    connections,
    bytesRequests: () => bytesRequests,
    expectedSamples: (transcript, sampleRate) => fakeSampleCount(transcript, sampleRate, tone),
    fail(status, failOptions = {}) {
      server.fault(
        {
          status,
          headers:
            failOptions.retryAfterSec !== undefined
              ? { 'retry-after': String(failOptions.retryAfterSec) }
              : {},
          body: failOptions.body ?? { error: `status ${status}`, message: `Scripted failure ${status}` },
        },
        { path: ttsPaths },
      );
    },
    stall() {
      server.fault({ stall: true }, { path: ttsPaths });
    },
    drop() {
      server.fault({ drop: true }, { path: ttsPaths });
    },
    slow({ chunkDelayMs }) {
      behaviours.push({ chunkDelayMs });
    },
    dropMidStream({ afterChunks }) {
      behaviours.push({ dropAfterChunks: afterChunks });
    },
    errorNext(error = {}) {
      wsErrors.push(error);
    },
    reset() {
      server.clearFaults();
      behaviours.length = 0;
      wsErrors.length = 0;
    },
    openConnections: () => server.openConnections(),
    streamingConnections: () => connections.filter((c) => !c.closed && c.activeContexts.size > 0).length,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await server.close();
    },
  };
}
