import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { startLoopbackServer } from '../loopback/loopback-server.js';
import type { Fault, LoopbackServer, RecordedRequest, RouteHandler } from '../loopback/loopback-types.js';
import { sendJson, sseResponse } from '../loopback/sse-response.js';
import type { FormPart } from './multipart-form.js';
import {
  type OpenAiFakeTranscript,
  parseForm,
  speechHandler,
  transcriptionHandler,
} from './openai-fake-audio.js';
import { checkSpeechRequest, checkTranscriptionRequest } from './openai-fake-audio-rules.js';
import { checkAuth } from './openai-fake-auth.js';
import { countWords, parseJsonBody, splitIntoDeltas } from './openai-fake-body.js';
import { checkChatRequest } from './openai-fake-chat-rules.js';
import type { Vendor, WireError } from './openai-fake-errors.js';
import {
  checkModerationRequest,
  moderationHandler,
  type OpenAiFakeModeration,
} from './openai-fake-moderation.js';

export {
  OPENAI_FAKE_MS_PER_CHARACTER,
  OPENAI_FAKE_SPEECH_RATE,
  OPENAI_FAKE_TONE_HZ,
  type OpenAiFakeTranscript,
} from './openai-fake-audio.js';

export { splitIntoDeltas } from './openai-fake-body.js';
export type { OpenAiFakeModeration } from './openai-fake-moderation.js';

export interface OpenAiFakeOptions {
  /** The one key the fake accepts; by default any `Bearer` key is accepted, a missing one never. */
  apiKey?: string;
  /** Model ids served besides the vendor's own, as a compatible server (Ollama, vLLM) serves its pulled models. */
  models?: readonly string[];
}

/** One scripted chat answer. Everything is optional; an empty queue answers with a default text. */
export interface OpenAiFakeReply {
  /** The assistant's text; streamed as several deltas (word by word unless `chunks` is given). */
  text?: string;
  /** Sent as the JSON text of the answer (what structured output returns). */
  json?: unknown;
  /** The deltas of a streamed answer, exactly; joined for a JSON answer. */
  chunks?: readonly string[];
  /** A refusal instead of content (`message.refusal`, or `delta.refusal` chunks). */
  refusal?: string;
  finishReason?: 'stop' | 'length' | 'content_filter' | 'tool_calls';
  /** The model named in the answer (default: the requested one). */
  model?: string;
  usage?: { promptTokens: number; completionTokens: number };
  /** Headers are sent at once; the first token waits this long. */
  firstTokenDelayMs?: number;
  /** Pause between deltas (or use `tokensPerSecond`). */
  tokenDelayMs?: number;
  tokensPerSecond?: number;
  /** Streams only: after this many content deltas, close the socket mid-response. */
  resetAfterChunks?: number;
  /** Streams only: after this many content deltas, send a data line that is not JSON. */
  malformedAfterChunks?: number;
  /** Streams only: after this many content deltas, send nothing more and keep the socket open. */
  stallAfterChunks?: number;
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

/** A request as it reached the fake, with its JSON body parsed (undefined for non-JSON bodies). */
export interface OpenAiFakeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; `undefined` for non-JSON bodies. */
  body: Record<string, unknown> | undefined;
  /** The fields and files of a multipart body (transcriptions); `undefined` otherwise. */
  form: FormPart[] | undefined;
  raw: Buffer;
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
  respond(responder: ((request: OpenAiFakeRequest) => OpenAiFakeReply | string) | undefined): void;
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
const isGroqPath = (path: string) => path.startsWith('/openai/v1/');

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
  let completionCount = 0;
  let closedByClient = 0;
  let responder: ((request: OpenAiFakeRequest) => OpenAiFakeReply | string) | undefined;

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
      if (fault.delayMs !== undefined) await pause(fault.delayMs, res);
      if (res.destroyed) return;
      if ('status' in fault) {
        sendJson(res, fault.status, fault.body, fault.headers);
        return;
      }
      return handler(req, res);
    });

  // Resolves early when the client goes away, so a cancelled stream stops at once.
  const pause = (ms: number, res: ServerResponse): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0 || res.destroyed) return resolve();
      const done = () => {
        clearTimeout(timer);
        res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      res.on('close', done);
    });

  const write = (res: ServerResponse, text: string | Buffer): Promise<void> =>
    new Promise((resolve) => {
      if (res.destroyed) return resolve();
      res.write(text, () => resolve());
    });

  const watchClientClose = (res: ServerResponse, fake: { closing: boolean }) => {
    res.on('close', () => {
      if (!res.writableFinished && !fake.closing) closedByClient += 1;
    });
  };

  route(
    CHAT_PATH,
    async (req, res) => {
      const fakeSide = { closing: false };
      watchClientClose(res, fakeSide);
      const body = parseJsonBody(req.body, req.headers) ?? {};
      const groq = isGroqPath(req.path);
      completionCount += 1;
      const responded = replies.length === 0 && responder ? responder(toFakeRequest(req)) : undefined;
      const scripted = replies.shift() ??
        (typeof responded === 'string' ? { text: responded } : responded) ?? {
          text: `Fake answer number ${completionCount}.`,
        };
      const model = scripted.model ?? (typeof body.model === 'string' ? body.model : 'gpt-4o-mini');
      const text =
        scripted.json !== undefined
          ? JSON.stringify(scripted.json)
          : (scripted.chunks?.join('') ?? scripted.text ?? '');
      const deltas = scripted.chunks ? [...scripted.chunks] : splitIntoDeltas(text);
      const finishReason = scripted.finishReason ?? 'stop';
      const promptTokens = scripted.usage?.promptTokens ?? countWords(body.messages);
      const completionTokens =
        scripted.usage?.completionTokens ?? Math.max(deltas.length, scripted.refusal ? 1 : 0);
      const usage = {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        ...(groq
          ? { queue_time: 0.001, prompt_time: 0.001, completion_time: 0.002, total_time: 0.004 }
          : {
              prompt_tokens_details: { cached_tokens: 0 },
              completion_tokens_details: { reasoning_tokens: 0 },
            }),
      };
      const id = `chatcmpl-fake-${completionCount}`;
      const created = Math.floor(Date.now() / 1000);
      const tokenDelayMs =
        scripted.tokenDelayMs ?? (scripted.tokensPerSecond ? 1000 / scripted.tokensPerSecond : 0);

      if (body.stream !== true) {
        await pause((scripted.firstTokenDelayMs ?? 0) + tokenDelayMs * deltas.length, res);
        if (res.destroyed) return;
        sendJson(
          res,
          200,
          {
            id,
            object: 'chat.completion',
            created,
            model,
            choices: [
              {
                index: 0,
                message: {
                  role: 'assistant',
                  content: scripted.refusal ? null : text,
                  // Groq's messages carry no `refusal` field (its API reference and recorded answers).
                  ...(groq && scripted.refusal === undefined ? {} : { refusal: scripted.refusal ?? null }),
                },
                logprobs: null,
                finish_reason: finishReason,
              },
            ],
            usage,
            ...(groq ? { x_groq: { id: `req_fake_${completionCount}` } } : {}),
          },
          { 'x-request-id': `req_${completionCount}` },
        );
        return;
      }

      const includeUsage =
        typeof body.stream_options === 'object' &&
        body.stream_options !== null &&
        (body.stream_options as { include_usage?: unknown }).include_usage === true;
      const sse = sseResponse(res, { headers: { 'x-request-id': `req_${completionCount}` } });
      const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices,
        ...(includeUsage ? { usage: null } : {}),
        ...extra,
      });
      const send = (data: unknown) => write(res, `data: ${JSON.stringify(data)}\n\n`);

      await pause(scripted.firstTokenDelayMs ?? 0, res);
      await send(
        chunk(
          [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
          {
            ...(groq ? { x_groq: { id: `req_fake_${completionCount}` } } : {}),
          },
        ),
      );
      if (scripted.refusal) {
        for (const piece of splitIntoDeltas(scripted.refusal)) {
          await send(chunk([{ index: 0, delta: { refusal: piece }, logprobs: null, finish_reason: null }]));
        }
      }
      for (const [index, delta] of deltas.entries()) {
        if (res.destroyed) return;
        if (index > 0) await pause(tokenDelayMs, res);
        if (res.destroyed) return;
        if (scripted.resetAfterChunks === index) {
          fakeSide.closing = true;
          res.socket?.destroy();
          return;
        }
        if (scripted.malformedAfterChunks === index) {
          await write(res, 'data: {"id":"chatcmpl-broken","choices":[{"delta":\n\n');
        }
        if (scripted.stallAfterChunks === index) return;
        await send(chunk([{ index: 0, delta: { content: delta }, logprobs: null, finish_reason: null }]));
      }
      if (res.destroyed) return;
      if (scripted.resetAfterChunks !== undefined && scripted.resetAfterChunks >= deltas.length) {
        fakeSide.closing = true;
        res.socket?.destroy();
        return;
      }
      if (scripted.stallAfterChunks !== undefined && scripted.stallAfterChunks >= deltas.length) return;
      await send(
        chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }], {
          // Groq reports streaming usage here rather than in a usage chunk.
          ...(groq ? { x_groq: { id: `req_fake_${completionCount}`, usage } } : {}),
        }),
      );
      if (includeUsage) await send(chunk([], { usage }));
      await write(res, 'data: [DONE]\n\n');
      sse.end();
    },
    (vendor, req) => checkChatRequest(vendor, parseJsonBody(req.body, req.headers), extraModels),
  );

  route(
    MODERATION_PATH,
    moderationHandler(moderations, () => server.requests.length),
    (vendor, req) => checkModerationRequest(vendor, parseJsonBody(req.body, req.headers)),
  );

  route(TRANSCRIPTION_PATH, transcriptionHandler({ transcripts }), (vendor, req) =>
    checkTranscriptionRequest(vendor, parseForm(req.body, req.headers) ?? [], extraModels),
  );
  route(SPEECH_PATH, speechHandler({ speechPacing, pause, write, watchClientClose }), (_vendor, req) =>
    checkSpeechRequest(parseJsonBody(req.body, req.headers)),
  );

  const toFakeRequest = (recorded: LoopbackServer['requests'][number]): OpenAiFakeRequest => ({
    method: recorded.method,
    path: recorded.path,
    headers: recorded.headers,
    body: parseJsonBody(recorded.body, recorded.headers),
    form: parseForm(recorded.body, recorded.headers),
    raw: recorded.body,
  });

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
