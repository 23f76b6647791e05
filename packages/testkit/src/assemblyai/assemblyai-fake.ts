import { scriptWords } from '../deepgram/scripted-words.js';
import { startLoopbackServer } from '../loopback/loopback-server.js';
import type { LoopbackServer, RecordedRequest } from '../loopback/loopback-types.js';
import { type AssemblyAIJob, registerAsyncRoutes } from './assemblyai-fake-async.js';
import {
  type AssemblyAIStreamingConnection,
  runStreaming,
  type StreamingContext,
  type StreamingUtterance,
} from './assemblyai-fake-streaming.js';
import { startTlsFront, type TlsFront } from './tls-front.js';

export type { AssemblyAIJob } from './assemblyai-fake-async.js';
export type { AssemblyAIStreamingConnection } from './assemblyai-fake-streaming.js';

/**
 * A loopback AssemblyAI: async transcription (`POST /v2/upload`,
 * `POST /v2/transcript`, `GET /v2/transcript/{id}`), temporary streaming
 * tokens (`GET /v3/token`) and Universal Streaming v3 (`wss …/v3/ws`: Begin,
 * Turn, Termination), with `Authorization: <key>` (no scheme) as the real API.
 *
 * REST is plain HTTP at `url`; streaming is TLS at `streamingUrl`, because the
 * SDK refuses any `websocketBaseUrl` that is not `wss:` (see
 * `acceptFakeTlsCertificates`). Transcripts are scripted with `script(text)`;
 * words are handed out as received audio covers them (`msPerWord` each).
 */
export interface AssemblyAIFakeOptions {
  apiKey?: string;
  /** Audio each scripted word takes (default 250 ms). */
  msPerWord?: number;
  /** Async jobs answer `queued`, then `processing`, for this many polls before `completed` (default 2). */
  pollsUntilDone?: number;
  /** Reject audio messages shorter than 50 ms or longer than 1000 ms, as the real server does (default true). */
  enforceChunkDuration?: boolean;
}

export interface AssemblyAIFake {
  /** REST base (`http://127.0.0.1:PORT`): the SDK's `baseUrl`. */
  readonly url: string;
  /** `https://127.0.0.1:TLSPORT`: the SDK's `streamingBaseUrl` (temporary tokens). */
  readonly streamingBaseUrl: string;
  /** `wss://127.0.0.1:TLSPORT/v3/ws`: the transcriber's `websocketBaseUrl`. */
  readonly streamingUrl: string;
  readonly apiKey: string;
  readonly server: LoopbackServer;
  readonly streaming: AssemblyAIStreamingConnection[];
  readonly jobs: AssemblyAIJob[];
  /** Uploaded files by upload URL. */
  readonly uploads: Map<string, Buffer>;
  /** Tokens issued by `/v3/token` (each is accepted once). */
  readonly tokens: string[];
  /**
   * The next utterance. `endOfTurnConfidence` is what the turn model says when it ends
   * (default 0.82): at or above the connection's `end_of_turn_confidence_threshold` the turn
   * ends after `min_turn_silence`, below it only after `max_turn_silence`.
   */
  script(text: string, options?: { endOfTurnConfidence?: number }): void;
  /** Next request (REST) or upgrade (streaming) fails with this status and AssemblyAI's error body. */
  fail(status: number, options?: { retryAfterSec?: number }): void;
  stall(): void;
  /** Next async job ends with `status: "error"` and this message. */
  failNextJob(message: string): void;
  /** Next streaming connection is cut (no close frame) once it has received this much audio. */
  dropStreamingAfter(audioMs: number): void;
  /** Next streaming connection is closed by the server with this code after Begin (e.g. 4001, 3005). */
  closeStreamingWith(code: number, reason?: string): void;
  reset(): void;
  openConnections(): number;
  close(): Promise<void>;
}

export async function startAssemblyAIFake(options: AssemblyAIFakeOptions = {}): Promise<AssemblyAIFake> {
  const apiKey = options.apiKey ?? 'aai-test-key';
  const server = await startLoopbackServer();
  const front: TlsFront = await startTlsFront(server.port);
  const utterances: StreamingUtterance[] = [];
  const streaming: AssemblyAIStreamingConnection[] = [];
  const jobs: AssemblyAIJob[] = [];
  const uploads = new Map<string, Buffer>();
  const tokens: string[] = [];
  const usedTokens = new Set<string>();
  const jobFailures: string[] = [];
  const authorized = (req: RecordedRequest) => req.headers.authorization === apiKey;
  const streamingContext: StreamingContext = {
    utterances,
    msPerWord: options.msPerWord ?? 250,
    enforceChunks: options.enforceChunkDuration ?? true,
    drops: [],
    serverCloses: [],
  };
  const { drops, serverCloses } = streamingContext;
  registerAsyncRoutes(server, {
    authorized,
    utterances,
    jobs,
    uploads,
    tokens,
    jobFailures,
    pollsUntilDone: options.pollsUntilDone ?? 2,
  });

  server.ws('/v3/ws', (socket, req) => {
    const record: AssemblyAIStreamingConnection = {
      request: req,
      controlMessages: [],
      sent: [],
      audioBytes: 0,
      chunkMs: [],
      closedBy: undefined,
      closeCode: undefined,
    };
    streaming.push(record);
    const token = req.query.get('token');
    const tokenOk = token !== null && tokens.includes(token) && !usedTokens.has(token);
    if (token !== null) usedTokens.add(token);
    if (!authorized(req) && !tokenOk) {
      record.closedBy = 'server';
      socket.close(4001, 'Not Authorized');
      return;
    }
    runStreaming(streamingContext, socket, req, record);
  });

  const streamingBaseUrl = `https://127.0.0.1:${front.port}`;
  return {
    url: server.url,
    streamingBaseUrl,
    streamingUrl: `wss://127.0.0.1:${front.port}/v3/ws`,
    apiKey,
    server,
    streaming,
    jobs,
    uploads,
    tokens,
    script(text, scriptOptions) {
      utterances.push({
        words: scriptWords(text),
        finalized: false,
        endOfTurnConfidence: scriptOptions?.endOfTurnConfidence ?? 0.82,
      });
    },
    fail(status, failOptions) {
      server.fault({
        status,
        headers:
          failOptions?.retryAfterSec !== undefined
            ? { 'retry-after': String(failOptions.retryAfterSec) }
            : {},
        body: {
          error: status === 401 ? 'Authentication error, API token missing/invalid' : `Error ${status}`,
        },
      });
    },
    stall() {
      server.fault({ stall: true });
    },
    failNextJob(message) {
      jobFailures.push(message);
    },
    dropStreamingAfter(audioMs) {
      drops.push(audioMs);
    },
    closeStreamingWith(code, reason = '') {
      serverCloses.push({ code, reason });
    },
    reset() {
      utterances.length = 0;
      drops.length = 0;
      serverCloses.length = 0;
      jobFailures.length = 0;
    },
    openConnections: () => server.openConnections(),
    async close() {
      await front.close();
      await server.close();
    },
  };
}
