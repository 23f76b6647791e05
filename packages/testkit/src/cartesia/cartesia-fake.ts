import type { ServerResponse } from 'node:http';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { startLoopbackServer } from '../loopback/loopback-server.js';
import type { LoopbackServer, RecordedRequest, StatusFault } from '../loopback/loopback-types.js';
import { sendJson } from '../loopback/sse-response.js';
import {
  defaultFakeTone,
  encodeFakeSamples,
  type FakeToneOptions,
  fakeSampleCount,
  fakeToneFloat32,
} from './cartesia-fake-audio.js';

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
  /** Samples per websocket `chunk` message; default 4410. */
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
}

/** One websocket connection as the fake saw it. */
export interface CartesiaFakeConnection {
  request: RecordedRequest;
  /** Client messages in arrival order, parsed from JSON. */
  messages: Record<string, unknown>[];
  closed: boolean;
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
  close(): Promise<void>;
}

const sampleRates = [8000, 16000, 22050, 24000, 44100, 48000] as const;

const generationRequestSchema = z.object({
  model_id: z.string().min(1),
  transcript: z.string(),
  voice: z.union([z.string().min(1), z.looseObject({ id: z.string().min(1) })]),
  output_format: z.object({
    container: z.literal('raw'),
    encoding: z.enum(['pcm_f32le', 'pcm_s16le']),
    sample_rate: z.literal(sampleRates),
  }),
  context_id: z.string().min(1).optional(),
  continue: z.boolean().nullish(),
  flush: z.boolean().nullish(),
  add_timestamps: z.boolean().nullish(),
  language: z.string().nullish(),
  generation_config: z
    .object({ speed: z.number().optional(), volume: z.number().optional(), emotion: z.string().optional() })
    .optional(),
  max_buffer_delay_ms: z.number().int().min(0).max(5000).nullish(),
});

type GenerationRequest = z.infer<typeof generationRequestSchema>;

interface SynthesisBehaviour {
  chunkDelayMs: number;
  dropAfterChunks: number | undefined;
}

interface FakeContext {
  cursor: number;
  chain: Promise<void>;
  cancelled: boolean;
  finished: boolean;
  flushId: number;
}

const ttsPaths = /^\/tts\//;

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
}

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
  const wsChunkSamples = options.wsChunkSamples ?? 4410;
  const httpChunkBytes = options.httpChunkBytes ?? 8190;
  const firstChunkDelayMs = options.firstChunkDelayMs ?? 0;
  const realtimeFactor = options.realtimeFactor ?? 0;
  const connections: CartesiaFakeConnection[] = [];
  const bytesRequests: CartesiaFakeBytesRequest[] = [];
  const behaviours: Partial<SynthesisBehaviour>[] = [];
  const wsErrors: CartesiaWsErrorScript[] = [];
  let requestCounter = 0;

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

  const synthesize = (request: GenerationRequest, cursor: number): Float32Array =>
    fakeToneFloat32(
      fakeSampleCount(request.transcript, request.output_format.sample_rate, tone),
      request.output_format.sample_rate,
      cursor,
      tone,
    );

  server.route('POST', '/tts/bytes', async (req, res) => {
    const problem = authProblem(req);
    if (problem) return sendJson(res, problem.status, problem.body);
    let json: unknown;
    try {
      json = JSON.parse(req.body.toString('utf8'));
    } catch {
      return sendJson(res, 400, { error: 'invalid json', message: 'Request body is not valid JSON' });
    }
    bytesRequests.push({
      request: req,
      body: typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {},
    });
    const parsed = generationRequestSchema.safeParse(json);
    if (!parsed.success) {
      return sendJson(res, 400, { error: 'invalid request', message: describeIssues(parsed.error) });
    }
    const behaviour = takeBehaviour();
    const format = parsed.data.output_format;
    const bytes = encodeFakeSamples(synthesize(parsed.data, 0), format.encoding);
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
      const connection: CartesiaFakeConnection = { request: req, messages: [], closed: false };
      connections.push(connection);
      const behaviour = takeBehaviour();
      const contexts = new Map<string, FakeContext>();
      let chunksSent = 0;
      socket.on('close', () => {
        connection.closed = true;
      });

      const send = (message: Record<string, unknown>): boolean => {
        if (socket.readyState !== WebSocket.OPEN) return false;
        socket.send(JSON.stringify(message));
        return true;
      };

      const sendError = (contextId: string | undefined, script: CartesiaWsErrorScript) => {
        requestCounter += 1;
        send({
          type: 'error',
          done: true,
          status_code: script.status_code ?? 400,
          title: script.title ?? 'Invalid request',
          message: script.message ?? 'The request was invalid',
          error_code: script.error_code ?? 'invalid_request',
          ...(contextId ? { context_id: contextId } : {}),
          request_id: `req-${requestCounter}`,
        });
      };

      const generate = async (context: FakeContext, contextId: string, request: GenerationRequest) => {
        const samples = synthesize(request, context.cursor);
        context.cursor += samples.length;
        if (request.add_timestamps && request.transcript.trim() !== '') {
          const words = request.transcript.trim().split(/\s+/);
          const seconds = samples.length / request.output_format.sample_rate;
          const step = seconds / words.length;
          send({
            type: 'timestamps',
            done: false,
            status_code: 206,
            context_id: contextId,
            word_timestamps: {
              words,
              start: words.map((_, i) => i * step),
              end: words.map((_, i) => (i + 1) * step),
            },
          });
        }
        if (firstChunkDelayMs > 0) await sleep(firstChunkDelayMs);
        for (let offset = 0; offset < samples.length; offset += wsChunkSamples) {
          if (context.cancelled) return;
          const data = encodeFakeSamples(
            samples.subarray(offset, offset + wsChunkSamples),
            request.output_format.encoding,
          ).toString('base64');
          const ok = send({
            type: 'chunk',
            data,
            done: false,
            status_code: 206,
            step_time: 1,
            context_id: contextId,
            ...(context.flushId > 0 ? { flush_id: context.flushId } : {}),
          });
          if (!ok) return;
          chunksSent += 1;
          if (behaviour.dropAfterChunks !== undefined && chunksSent >= behaviour.dropAfterChunks) {
            socket.terminate();
            return;
          }
          const chunkMs =
            (Math.min(wsChunkSamples, samples.length - offset) / request.output_format.sample_rate) * 1000;
          await chunkPause(behaviour, chunkMs);
        }
        if (context.cancelled) return;
        if (request.flush) {
          context.flushId += 1;
          send({
            type: 'flush_done',
            done: false,
            flush_done: true,
            flush_id: context.flushId,
            status_code: 206,
            context_id: contextId,
          });
        }
        if (request.continue !== true) {
          send({ type: 'done', done: true, status_code: 206, context_id: contextId });
        }
      };

      socket.on('message', (data) => {
        let message: unknown;
        try {
          message = JSON.parse(data.toString());
        } catch {
          sendError(undefined, { message: 'Message is not valid JSON' });
          return;
        }
        if (typeof message !== 'object' || message === null) {
          sendError(undefined, { message: 'Message must be a JSON object' });
          return;
        }
        const record = message as Record<string, unknown>;
        connection.messages.push(record);
        const rawContextId = typeof record.context_id === 'string' ? record.context_id : undefined;

        if (record.cancel === true) {
          const context = rawContextId ? contexts.get(rawContextId) : undefined;
          if (context) {
            context.cancelled = true;
            context.finished = true;
          }
          return;
        }

        const parsed = generationRequestSchema.safeParse(record);
        if (!parsed.success) {
          sendError(rawContextId, { message: describeIssues(parsed.error) });
          return;
        }
        const contextId = parsed.data.context_id ?? `ctx-${connections.length}-${contexts.size + 1}`;
        let context = contexts.get(contextId);
        if (context?.finished) {
          sendError(contextId, { message: 'Context has already finished', error_code: 'context_closed' });
          return;
        }
        if (!context) {
          context = { cursor: 0, chain: Promise.resolve(), cancelled: false, finished: false, flushId: 0 };
          contexts.set(contextId, context);
        }
        const scripted = wsErrors.shift();
        if (scripted) {
          context.finished = true;
          sendError(contextId, scripted);
          return;
        }
        if (parsed.data.continue !== true) context.finished = true;
        const current = context;
        current.chain = current.chain.then(() => generate(current, contextId, parsed.data));
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
    close: () => server.close(),
  };
}
