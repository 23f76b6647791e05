import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { decodeWav, int16ToBytesLE, msToSamples, sine, wavHeader } from '@bot-backend/audio';
import { startLoopbackServer } from '../loopback/loopback-server.js';
import type { Fault, LoopbackServer, RecordedRequest, RouteHandler } from '../loopback/loopback-types.js';
import { sendJson, sseResponse } from '../loopback/sse-response.js';
import { type FormPart, multipartBoundary, parseMultipart } from './multipart-form.js';

/** The fake's speech: a pure tone at this frequency, 24 kHz PCM16 like OpenAI's `pcm` format. */
export const OPENAI_FAKE_TONE_HZ = 440;
export const OPENAI_FAKE_SPEECH_RATE = 24_000;
/** Speech length the fake gives each character of input (about 15 characters a second, like a voice). */
export const OPENAI_FAKE_MS_PER_CHARACTER = 65;

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

export interface OpenAiFakeModeration {
  flagged: boolean;
  categories?: readonly string[];
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

/** What the fake transcribes the next uploaded audio as. */
export interface OpenAiFakeTranscript {
  text: string;
  language?: string;
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
  /** Responses not yet finished plus open WebSockets. */
  openConnections(): number;
  /** Responses whose socket the client closed before the answer was complete (cancellation seen at the fake). */
  closedByClient(): number;
  close(): Promise<void>;
}

const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/instructions',
  'self-harm/intent',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
];

const CHAT_PATH = /^(?:\/[^/]+)*\/chat\/completions$/;
const MODERATION_PATH = /^(?:\/[^/]+)*\/moderations$/;
const TRANSCRIPTION_PATH = /^(?:\/[^/]+)*\/audio\/(?:transcriptions|translations)$/;
const SPEECH_PATH = /^(?:\/[^/]+)*\/audio\/speech$/;
const isGroqPath = (path: string) => path.startsWith('/openai/v1/');

/** Split text into word-sized deltas that join back to exactly the text. */
export function splitIntoDeltas(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

function parseJsonBody(raw: Buffer, headers: IncomingHttpHeaders): Record<string, unknown> | undefined {
  if (!String(headers['content-type'] ?? '').includes('json')) return undefined;
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function parseForm(raw: Buffer, headers: IncomingHttpHeaders): FormPart[] | undefined {
  const boundary = multipartBoundary(headers['content-type']);
  return boundary === undefined ? undefined : parseMultipart(raw, boundary);
}

/** Length of an uploaded WAV; other containers count as one second. */
function audioSeconds(file: FormPart): number {
  try {
    const wav = decodeWav(new Uint8Array(file.data));
    return wav.samples.length / wav.channels / wav.sampleRate;
  } catch {
    return 1;
  }
}

/** Word timings spread evenly over the audio, as Whisper's verbose_json gives them. */
function spreadWords(text: string, durationSec: number): { word: string; start: number; end: number }[] {
  const words = text.split(/\s+/).filter(Boolean);
  const step = durationSec / Math.max(1, words.length);
  return words.map((word, index) => ({
    word: word.replace(/[^\p{L}\p{N}']/gu, ''),
    start: Number((index * step).toFixed(3)),
    end: Number(((index + 1) * step).toFixed(3)),
  }));
}

function countWords(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  let words = 0;
  for (const message of messages) {
    const content = (message as { content?: unknown }).content;
    if (typeof content === 'string') words += content.split(/\s+/).filter(Boolean).length;
  }
  return words;
}

/**
 * A loopback OpenAI-compatible server: chat completions (JSON and SSE), moderations,
 * under any path prefix, so it serves the `openai` SDK (`/v1/...`), Groq's SDK
 * (`/openai/v1/...`) and compatible-server prefixes alike.
 */
export async function startOpenAiFake(): Promise<OpenAiFake> {
  const server = await startLoopbackServer();
  const replies: OpenAiFakeReply[] = [];
  const moderations: OpenAiFakeModeration[] = [];
  const transcripts: OpenAiFakeTranscript[] = [];
  const speechPacing: number[] = [];
  // Our own fault queue (not the base server's), so reset() can forget unused faults.
  const faults: Fault[] = [];
  let completionCount = 0;
  let closedByClient = 0;
  let responder: ((request: OpenAiFakeRequest) => OpenAiFakeReply | string) | undefined;

  /** A route on every endpoint of this fake: the next queued fault, if any, answers first. */
  const route = (path: RegExp, handler: RouteHandler) =>
    server.route('POST', path, async (req: RecordedRequest, res: ServerResponse) => {
      const fault = faults.shift();
      if (!fault) return handler(req, res);
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

  route(CHAT_PATH, async (req, res) => {
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
                refusal: scripted.refusal ?? null,
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
      chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], {
        ...(groq ? { x_groq: { id: `req_fake_${completionCount}` } } : {}),
      }),
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
  });

  route(MODERATION_PATH, (req, res) => {
    const body = parseJsonBody(req.body, req.headers) ?? {};
    const scripted = moderations.shift() ?? { flagged: false };
    const fired = new Set(scripted.categories ?? []);
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    sendJson(res, 200, {
      id: `modr-fake-${server.requests.length}`,
      model: typeof body.model === 'string' ? body.model : 'omni-moderation-latest',
      results: inputs.map(() => ({
        flagged: scripted.flagged,
        categories: Object.fromEntries(MODERATION_CATEGORIES.map((name) => [name, fired.has(name)])),
        category_scores: Object.fromEntries(
          MODERATION_CATEGORIES.map((name) => [name, fired.has(name) ? 0.97 : 0.0001]),
        ),
        category_applied_input_types: Object.fromEntries(
          MODERATION_CATEGORIES.map((name) => [name, ['text']]),
        ),
      })),
    });
  });

  route(TRANSCRIPTION_PATH, (req, res) => {
    const form = parseForm(req.body, req.headers) ?? [];
    const field = (name: string) => form.find((part) => part.name === name)?.data.toString('utf8');
    const file = form.find((part) => part.name === 'file');
    if (!file || file.data.length === 0) {
      sendJson(res, 400, {
        error: { message: 'file is required', type: 'invalid_request_error', param: 'file', code: null },
      });
      return;
    }
    const scripted = transcripts.shift() ?? { text: 'This is what the fake heard.' };
    const durationSec = audioSeconds(file);
    const format = field('response_format') ?? 'json';
    const granularities = form
      .filter((p) => p.name === 'timestamp_granularities[]')
      .map((p) => p.data.toString());
    if (format === 'text') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(scripted.text);
      return;
    }
    if (format !== 'verbose_json') {
      sendJson(res, 200, {
        text: scripted.text,
        usage: { type: 'duration', seconds: Math.ceil(durationSec) },
      });
      return;
    }
    const words = spreadWords(scripted.text, durationSec);
    sendJson(res, 200, {
      task: 'transcribe',
      language: scripted.language ?? 'english',
      duration: durationSec,
      text: scripted.text,
      segments: [
        {
          id: 0,
          seek: 0,
          start: 0,
          end: durationSec,
          text: scripted.text,
          tokens: [],
          temperature: 0,
          avg_logprob: -0.11,
          compression_ratio: 1.2,
          no_speech_prob: 0.01,
        },
      ],
      // Whisper gives word timings only when asked for them.
      ...(granularities.includes('word') ? { words } : {}),
    });
  });

  route(SPEECH_PATH, async (req, res) => {
    const fakeSide = { closing: false };
    watchClientClose(res, fakeSide);
    const body = parseJsonBody(req.body, req.headers) ?? {};
    const input = typeof body.input === 'string' ? body.input : '';
    const format = typeof body.response_format === 'string' ? body.response_format : 'mp3';
    if (format !== 'pcm' && format !== 'wav') {
      sendJson(res, 400, {
        error: {
          message: `the fake speaks pcm and wav, not ${format}`,
          type: 'invalid_request_error',
          param: 'response_format',
          code: null,
        },
      });
      return;
    }
    const speed = typeof body.speed === 'number' && body.speed > 0 ? body.speed : 1;
    const durationMs = Math.max(300, (input.length * OPENAI_FAKE_MS_PER_CHARACTER) / speed);
    const tone = sine({
      frequencyHz: OPENAI_FAKE_TONE_HZ,
      durationMs,
      sampleRate: OPENAI_FAKE_SPEECH_RATE,
      amplitude: 0.3,
    });
    const pcm = Buffer.from(int16ToBytesLE(tone.samples));
    const chunkDelayMs = speechPacing.shift() ?? 0;
    res.writeHead(200, {
      'content-type': format === 'wav' ? 'audio/wav' : 'audio/pcm',
      'transfer-encoding': 'chunked',
    });
    if (format === 'wav') {
      await write(
        res,
        Buffer.from(wavHeader({ dataBytes: pcm.length, sampleRate: OPENAI_FAKE_SPEECH_RATE })),
      );
    }
    // 100 ms of audio per chunk, an odd byte count so clients must rejoin split samples.
    const chunkBytes = msToSamples(100, OPENAI_FAKE_SPEECH_RATE) * 2 + 1;
    for (let offset = 0; offset < pcm.length; offset += chunkBytes) {
      if (offset > 0) await pause(chunkDelayMs, res);
      if (res.destroyed) return;
      await write(res, pcm.subarray(offset, offset + chunkBytes));
    }
    res.end();
  });

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
    chatRequests: () => server.requests.filter((r) => CHAT_PATH.test(r.path)).map(toFakeRequest),
    openConnections: () => server.openConnections(),
    closedByClient: () => closedByClient,
    close: () => server.close(),
  };
}
