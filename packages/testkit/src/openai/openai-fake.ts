import type { ServerResponse } from 'node:http';
import { startLoopbackServer } from '../loopback/loopback-server.js';
import type { Fault, LoopbackServer, RecordedRequest, RouteHandler } from '../loopback/loopback-types.js';
import { pauseUnlessClosed } from '../loopback/paced-response.js';
import { sendJson } from '../loopback/sse-response.js';
import {
  type OpenAiFakeTranscript,
  parseForm,
  speechHandler,
  transcriptionHandler,
} from './openai-fake-audio.js';
import { checkSpeechRequest, checkTranscriptionRequest } from './openai-fake-audio-rules.js';
import { checkAuth } from './openai-fake-auth.js';
import { parseJsonBody } from './openai-fake-body.js';
import {
  chatHandler,
  isGroqPath,
  type OpenAiFakeReply,
  type OpenAiFakeResponder,
} from './openai-fake-chat.js';
import { checkChatRequest } from './openai-fake-chat-rules.js';
import type { Vendor, WireError } from './openai-fake-errors.js';
import {
  checkModerationRequest,
  moderationHandler,
  type OpenAiFakeModeration,
} from './openai-fake-moderation.js';
import { type OpenAiFakeRequest, toFakeRequest } from './openai-fake-request.js';

export {
  OPENAI_FAKE_MS_PER_CHARACTER,
  OPENAI_FAKE_SPEECH_RATE,
  OPENAI_FAKE_TONE_HZ,
  type OpenAiFakeTranscript,
} from './openai-fake-audio.js';

export { splitIntoDeltas } from './openai-fake-body.js';
export type { OpenAiFakeReply, OpenAiFakeResponder } from './openai-fake-chat.js';
export type { OpenAiFakeModeration } from './openai-fake-moderation.js';
export type { OpenAiFakeRequest } from './openai-fake-request.js';

export interface OpenAiFakeOptions {
  /** The one key the fake accepts; by default any `Bearer` key is accepted, a missing one never. */
  apiKey?: string;
  /** Model ids served besides the vendor's own, as a compatible server (Ollama, vLLM) serves its pulled models. */
  models?: readonly string[];
}

export interface OpenAiFakeFailure {
  /** Sent as `Retry-After` (seconds). */
  retryAfterSec?: number;
  /** Sent as `retry-after-ms`. */
  retryAfterMs?: number;
  message?: string;
  code?: string;
  /** Groq's `failed_generation` (with code `json_validate_failed`): what the model wrote. */
  failedGeneration?: string;
  headers?: Record<string, string>;
}

export interface OpenAiFake {
  /** Origin, `http://127.0.0.1:PORT`: Groq's SDK base URL (it adds `/openai/v1`). */
  readonly url: string;
  /** `http://127.0.0.1:PORT/v1`: the `openai` SDK's base URL. */
  readonly openaiBaseURL: string;
  readonly server: LoopbackServer;
  /** Queue an answer for the next chat completion (a string is a plain text answer). */
  reply(reply: OpenAiFakeReply | string): void;
  /**
   * Answer chat completions that find no queued reply by looking at the request
   * (e.g. a model that obeys whatever the prompt says); `undefined` clears it.
   */
  respond(responder: OpenAiFakeResponder | undefined): void;
  /** The next request (any endpoint) fails with this status and an OpenAI error body. */
  fail(status: number, options?: OpenAiFakeFailure): void;
  /** The next request is accepted and never answered. */
  stall(): void;
  /** The next request's socket is closed without an answer. */
  drop(): void;
  /** Queue a moderation result. */
  moderation(result: OpenAiFakeModeration): void;
  /** Queue the transcript of the next uploaded audio (default: a fixed sentence). */
  transcript(result: OpenAiFakeTranscript | string): void;
  /** The next speech answer is sent in 100 ms chunks with this pause between them. */
  slowSpeech(options: { chunkDelayMs: number }): void;
  /** Forget scripted replies, results and faults not used yet. */
  reset(): void;
  /** Every request that reached the fake, in order. */
  requests(): OpenAiFakeRequest[];
  /** Chat completion requests only. */
  chatRequests(): OpenAiFakeRequest[];
  /** The requests the fake refused as the vendor would (status and error body), in order. */
  rejections(): WireError[];
  /** Responses not yet finished plus open WebSockets. */
  openConnections(): number;
  /** Responses whose socket the client closed before the answer was complete (cancellation seen at the fake). */
  closedByClient(): number;
  close(): Promise<void>;
}

const CHAT_PATH = /^(?:\/[^/]+)*\/chat\/completions$/;
const MODERATION_PATH = /^(?:\/[^/]+)*\/moderations$/;
const TRANSCRIPTION_PATH = /^(?:\/[^/]+)*\/audio\/(?:transcriptions|translations)$/;
const SPEECH_PATH = /^(?:\/[^/]+)*\/audio\/speech$/;

/**
 * A loopback OpenAI-compatible server: chat completions (JSON and SSE), moderations,
 * transcriptions and speech, under any path prefix, so it serves the `openai` SDK
 * (`/v1/...`), Groq's SDK (`/openai/v1/...`) and compatible-server prefixes alike.
 * It checks each request as the vendor does (Groq's rules on `/openai/v1/`,
 * OpenAI's elsewhere) and refuses with the vendor's own status and error body.
 */
export async function startOpenAiFake(options: OpenAiFakeOptions = {}): Promise<OpenAiFake> {
  const server = await startLoopbackServer();
  const extraModels: ReadonlySet<string> = new Set(options.models ?? []);
  const rejections: WireError[] = [];
  const replies: OpenAiFakeReply[] = [];
  const moderations: OpenAiFakeModeration[] = [];
  const transcripts: OpenAiFakeTranscript[] = [];
  const speechPacing: number[] = [];
  // Our own fault queue (not the base server's), so reset() can forget unused faults.
  const faults: Fault[] = [];
  let closedByClient = 0;
  let responder: OpenAiFakeResponder | undefined;

  /**
   * A route on every endpoint of this fake: the next queued fault, if any, answers
   * first; then the vendor's own checks (authentication, then the request).
   */
  const route = (
    path: RegExp,
    handler: RouteHandler,
    check: (vendor: Vendor, req: RecordedRequest) => WireError | undefined,
  ) =>
    server.route('POST', path, async (req: RecordedRequest, res: ServerResponse) => {
      const fault = faults.shift();
      if (!fault) {
        const vendor: Vendor = isGroqPath(req.path) ? 'groq' : 'openai';
        const refused = checkAuth(vendor, req.headers, options.apiKey) ?? check(vendor, req);
        if (refused === undefined) return handler(req, res);
        rejections.push(refused);
        sendJson(res, refused.status, refused.body, { 'x-request-id': `req_refused_${rejections.length}` });
        return;
      }
      if ('drop' in fault) {
        res.socket?.destroy();
        return;
      }
      if ('stall' in fault) return;
      if (fault.delayMs !== undefined) await pauseUnlessClosed(fault.delayMs, res);
      if (res.destroyed) return;
      if ('status' in fault) {
        sendJson(res, fault.status, fault.body, fault.headers);
        return;
      }
      return handler(req, res);
    });

  const watchClientClose = (res: ServerResponse, fake: { closing: boolean }) => {
    res.on('close', () => {
      if (!res.writableFinished && !fake.closing) closedByClient += 1;
    });
  };

  route(CHAT_PATH, chatHandler({ replies, responder: () => responder, watchClientClose }), (vendor, req) =>
    checkChatRequest(vendor, parseJsonBody(req.body, req.headers), extraModels),
  );

  route(
    MODERATION_PATH,
    moderationHandler(moderations, () => server.requests.length),
    (vendor, req) => checkModerationRequest(vendor, parseJsonBody(req.body, req.headers)),
  );

  route(TRANSCRIPTION_PATH, transcriptionHandler({ transcripts }), (vendor, req) =>
    checkTranscriptionRequest(vendor, parseForm(req.body, req.headers) ?? [], extraModels),
  );
  route(SPEECH_PATH, speechHandler({ speechPacing, watchClientClose }), (_vendor, req) =>
    checkSpeechRequest(parseJsonBody(req.body, req.headers)),
  );

  return {
    url: server.url,
    openaiBaseURL: `${server.url}/v1`,
    server,
    reply(reply) {
      replies.push(typeof reply === 'string' ? { text: reply } : reply);
    },
    respond(next) {
      responder = next;
    },
    fail(status, options = {}) {
      const headers: Record<string, string> = { 'x-request-id': 'req_failed', ...options.headers };
      if (options.retryAfterSec !== undefined) headers['retry-after'] = String(options.retryAfterSec);
      if (options.retryAfterMs !== undefined) headers['retry-after-ms'] = String(options.retryAfterMs);
      faults.push({
        status,
        headers,
        body: {
          error: {
            message: options.message ?? `fake failure ${status}`,
            type: status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error',
            param: null,
            code:
              options.code ??
              (status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_api_key' : null),
            ...(options.failedGeneration !== undefined
              ? { failed_generation: options.failedGeneration }
              : {}),
          },
        },
      });
    },
    stall() {
      faults.push({ stall: true });
    },
    drop() {
      faults.push({ drop: true });
    },
    reset() {
      responder = undefined;
      rejections.length = 0;
      replies.length = 0;
      moderations.length = 0;
      transcripts.length = 0;
      speechPacing.length = 0;
      faults.length = 0;
    },
    moderation(result) {
      moderations.push(result);
    },
    transcript(result) {
      transcripts.push(typeof result === 'string' ? { text: result } : result);
    },
    slowSpeech({ chunkDelayMs }) {
      speechPacing.push(chunkDelayMs);
    },
    requests: () => server.requests.map(toFakeRequest),
    rejections: () => [...rejections],
    chatRequests: () => server.requests.filter((r) => CHAT_PATH.test(r.path)).map(toFakeRequest),
    openConnections: () => server.openConnections(),
    closedByClient: () => closedByClient,
    close: () => server.close(),
  };
}
