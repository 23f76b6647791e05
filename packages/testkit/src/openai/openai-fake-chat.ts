import type { ServerResponse } from 'node:http';
import type { RouteHandler } from '../loopback/loopback-types.js';
import { pauseUnlessClosed as pause, writeAndWait as write } from '../loopback/paced-response.js';
import { PacedSchedule } from '../loopback/paced-schedule.js';
import { sendJson, sseResponse } from '../loopback/sse-response.js';
import { countWords, parseJsonBody, splitIntoDeltas } from './openai-fake-body.js';
import { type OpenAiFakeRequest, toFakeRequest } from './openai-fake-request.js';

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

export type OpenAiFakeResponder = (request: OpenAiFakeRequest) => OpenAiFakeReply | string;

export interface ChatState {
  replies: OpenAiFakeReply[];
  responder(): OpenAiFakeResponder | undefined;
  /** Counts a client that closes before the answer is complete, unless the fake closed it. */
  watchClientClose(res: ServerResponse, fake: { closing: boolean }): void;
}

/** One chat completion being answered: what both the JSON and the streamed shapes send. */
interface Answer {
  scripted: OpenAiFakeReply;
  groq: boolean;
  number: number;
  id: string;
  created: number;
  model: string;
  text: string;
  deltas: string[];
  finishReason: string;
  usage: Record<string, unknown>;
  tokenDelayMs: number;
}

function prepare(
  state: ChatState,
  body: Record<string, unknown>,
  request: OpenAiFakeRequest,
  number: number,
): Answer {
  const responder = state.responder();
  const responded = state.replies.length === 0 && responder ? responder(request) : undefined;
  const scripted = state.replies.shift() ??
    (typeof responded === 'string' ? { text: responded } : responded) ?? {
      text: `Fake answer number ${number}.`,
    };
  const groq = isGroqPath(request.path);
  const text =
    scripted.json !== undefined
      ? JSON.stringify(scripted.json)
      : (scripted.chunks?.join('') ?? scripted.text ?? '');
  const deltas = scripted.chunks ? [...scripted.chunks] : splitIntoDeltas(text);
  const promptTokens = scripted.usage?.promptTokens ?? countWords(body.messages);
  const completionTokens =
    scripted.usage?.completionTokens ?? Math.max(deltas.length, scripted.refusal ? 1 : 0);
  return {
    scripted,
    groq,
    number,
    id: `chatcmpl-fake-${number}`,
    created: Math.floor(Date.now() / 1000),
    model: scripted.model ?? (typeof body.model === 'string' ? body.model : 'gpt-4o-mini'),
    text,
    deltas,
    finishReason: scripted.finishReason ?? 'stop',
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      ...(groq
        ? { queue_time: 0.001, prompt_time: 0.001, completion_time: 0.002, total_time: 0.004 }
        : {
            prompt_tokens_details: { cached_tokens: 0 },
            completion_tokens_details: { reasoning_tokens: 0 },
          }),
    },
    tokenDelayMs: scripted.tokenDelayMs ?? (scripted.tokensPerSecond ? 1000 / scripted.tokensPerSecond : 0),
  };
}

/** Groq's SDK calls `/openai/v1/...`; every other prefix is answered as OpenAI answers. */
export const isGroqPath = (path: string) => path.startsWith('/openai/v1/');

/** POST /chat/completions, after the request passed the vendor's checks: JSON or SSE. */
export function chatHandler(state: ChatState): RouteHandler {
  let completions = 0;
  return async (req, res) => {
    const fakeSide = { closing: false };
    state.watchClientClose(res, fakeSide);
    const body = parseJsonBody(req.body, req.headers) ?? {};
    completions += 1;
    const answer = prepare(state, body, toFakeRequest(req), completions);
    if (body.stream === true) return streamAnswer(res, answer, includesUsage(body), fakeSide);
    await pause((answer.scripted.firstTokenDelayMs ?? 0) + answer.tokenDelayMs * answer.deltas.length, res);
    if (res.destroyed) return;
    sendJsonAnswer(res, answer);
  };
}

function includesUsage(body: Record<string, unknown>): boolean {
  const options = body.stream_options;
  return (
    typeof options === 'object' &&
    options !== null &&
    (options as { include_usage?: unknown }).include_usage === true
  );
}

function sendJsonAnswer(res: ServerResponse, answer: Answer): void {
  const { scripted, groq } = answer;
  sendJson(
    res,
    200,
    {
      id: answer.id,
      object: 'chat.completion',
      created: answer.created,
      model: answer.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: scripted.refusal ? null : answer.text,
            // Groq's messages carry no `refusal` field (its API reference and recorded answers).
            ...(groq && scripted.refusal === undefined ? {} : { refusal: scripted.refusal ?? null }),
          },
          logprobs: null,
          finish_reason: answer.finishReason,
        },
      ],
      usage: answer.usage,
      ...(groq ? { x_groq: { id: `req_fake_${answer.number}` } } : {}),
    },
    { 'x-request-id': `req_${answer.number}` },
  );
}

/** The SSE shape: a role chunk, refusal or content deltas (with the scripted faults), finish, usage, [DONE]. */
async function streamAnswer(
  res: ServerResponse,
  answer: Answer,
  includeUsage: boolean,
  fakeSide: { closing: boolean },
): Promise<void> {
  const { scripted, groq, deltas } = answer;
  // Content delta n is due at first token + n × the token interval, as the model emits it.
  const schedule = new PacedSchedule();
  const firstTokenMs = scripted.firstTokenDelayMs ?? 0;
  const sse = sseResponse(res, { headers: { 'x-request-id': `req_${answer.number}` } });
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    id: answer.id,
    object: 'chat.completion.chunk',
    created: answer.created,
    model: answer.model,
    choices,
    ...(includeUsage ? { usage: null } : {}),
    ...extra,
  });
  const send = (data: unknown) => write(res, `data: ${JSON.stringify(data)}\n\n`);
  const delta = (value: Record<string, unknown>) =>
    chunk([{ index: 0, delta: value, logprobs: null, finish_reason: null }]);
  const reset = () => {
    fakeSide.closing = true;
    res.socket?.destroy();
  };

  await pause(schedule.waitUntil(firstTokenMs), res);
  await send(
    chunk(
      [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
      groq ? { x_groq: { id: `req_fake_${answer.number}` } } : {},
    ),
  );
  if (scripted.refusal) {
    for (const piece of splitIntoDeltas(scripted.refusal)) await send(delta({ refusal: piece }));
  }
  for (const [index, content] of deltas.entries()) {
    if (res.destroyed) return;
    if (index > 0) await pause(schedule.waitUntil(firstTokenMs + index * answer.tokenDelayMs), res);
    if (res.destroyed) return;
    if (scripted.resetAfterChunks === index) return reset();
    if (scripted.malformedAfterChunks === index) {
      await write(res, 'data: {"id":"chatcmpl-broken","choices":[{"delta":\n\n');
    }
    if (scripted.stallAfterChunks === index) return;
    await send(delta({ content }));
  }
  if (res.destroyed) return;
  if (scripted.resetAfterChunks !== undefined && scripted.resetAfterChunks >= deltas.length) return reset();
  if (scripted.stallAfterChunks !== undefined && scripted.stallAfterChunks >= deltas.length) return;
  await send(
    chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: answer.finishReason }], {
      // Groq reports streaming usage here rather than in a usage chunk.
      ...(groq ? { x_groq: { id: `req_fake_${answer.number}`, usage: answer.usage } } : {}),
    }),
  );
  if (includeUsage) await send(chunk([], { usage: answer.usage }));
  await write(res, 'data: [DONE]\n\n');
  sse.end();
}
