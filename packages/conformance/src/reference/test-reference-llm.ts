/**
 * A minimal LLM over HTTP and its loopback fake, used only to test the LLM
 * suite itself: the correct version must pass it, and each deliberate `flaw`
 * must make it fail. Wire format: POST /chat {messages, stream}; a streamed
 * answer is SSE `data: {"delta":"…"}` lines, then `data: [DONE]`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CallOptions,
  InvalidOutputError,
  type LLM,
  type LlmRequest,
  type LlmResult,
  type LlmStreamPart,
  VendorError,
  type VendorErrorKind,
} from '@bot-backend/interfaces';
import type { LlmConformanceHarness } from '../harness.js';

type Script =
  | { kind: 'reply'; text: string; firstTokenDelayMs: number; tokenDelayMs: number }
  | { kind: 'fail'; status: number; retryAfterSec: number | undefined }
  | { kind: 'stall' };

export interface ReferenceLlmFake extends Omit<LlmConformanceHarness, 'name' | 'create'> {
  url: string;
  close(): Promise<void>;
}

export async function startReferenceLlmFake(): Promise<ReferenceLlmFake> {
  const queue: Script[] = [];
  const open = new Set<ServerResponse>();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const { stream } = JSON.parse(raw) as { stream: boolean };
    const script = queue.shift() ?? { kind: 'reply', text: 'ok', firstTokenDelayMs: 0, tokenDelayMs: 0 };
    if (script.kind === 'stall') return;
    if (script.kind === 'fail') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (script.retryAfterSec !== undefined) headers['retry-after'] = String(script.retryAfterSec);
      res
        .writeHead(script.status, headers)
        .end(JSON.stringify({ error: { message: `status ${script.status}` } }));
      return;
    }
    await sleep(script.firstTokenDelayMs);
    if (!stream) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: script.text }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const tokens = script.text.match(/\S+\s*|\s+/g) ?? [];
    for (const token of tokens) {
      if (res.destroyed) return;
      res.write(`data: ${JSON.stringify({ delta: token })}\n\n`);
      if (script.tokenDelayMs > 0) await sleep(script.tokenDelayMs);
    }
    res.end('data: [DONE]\n\n');
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    reply: (text, options) =>
      queue.push({
        kind: 'reply',
        text,
        firstTokenDelayMs: options?.firstTokenDelayMs ?? 0,
        tokenDelayMs: options?.tokenDelayMs ?? 0,
      }),
    fail: (status, options) => queue.push({ kind: 'fail', status, retryAfterSec: options?.retryAfterSec }),
    stall: () => queue.push({ kind: 'stall' }),
    openConnections: () => open.size,
    reset: () => {
      queue.length = 0;
      // Stalled answers from an earlier test (one whose client never hung up) go too.
      for (const res of open) res.destroy();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The harness for a ReferenceLlm (optionally with a flaw) against a fake that
 * starts later, in beforeAll: every call goes through `getFake()`.
 */
export function referenceLlmHarness(
  name: string,
  getFake: () => ReferenceLlmFake,
  flaw?: ReferenceLlmFlaw,
): LlmConformanceHarness {
  return {
    name,
    create: (options) => new ReferenceLlm({ url: getFake().url, timeoutMs: options?.timeoutMs, flaw }),
    reply: (text, options) => getFake().reply(text, options),
    fail: (status, options) => getFake().fail(status, options),
    stall: () => getFake().stall(),
    openConnections: () => getFake().openConnections(),
    reset: () => getFake().reset?.(),
  };
}

/** Deliberate defects, one at a time, to show the suite notices each. */
export type ReferenceLlmFlaw = 'ignores-abort' | 'all-errors-unavailable' | 'buffers-stream' | 'no-repair';

const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };

export class ReferenceLlm implements LLM {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'reference';
  readonly modelId = 'reference-1';
  readonly capabilities = { streaming: true, structuredOutput: true };

  constructor(
    private readonly settings: {
      url: string;
      timeoutMs?: number | undefined;
      flaw?: ReferenceLlmFlaw | undefined;
    },
  ) {}

  private error(
    kind: VendorErrorKind,
    message: string,
    extra: { status?: number; retryAfterMs?: number } = {},
  ) {
    return new VendorError({ kind, vendor: this.provider, message, ...extra });
  }

  private async post(body: unknown, options: CallOptions): Promise<Response> {
    const signal = this.settings.flaw === 'ignores-abort' ? undefined : options.signal;
    if (signal?.aborted) throw this.error('cancelled', 'aborted before the request');
    const timeoutMs = options.timeoutMs ?? this.settings.timeoutMs;
    const timeout = new AbortController();
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => timeout.abort(), timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    try {
      const response = await fetch(`${this.settings.url}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: combined,
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw this.statusError(response);
      }
      return response;
    } catch (error) {
      if (VendorError.isInstance(error)) throw error;
      if (signal?.aborted) throw this.error('cancelled', 'aborted');
      if (timeout.signal.aborted) throw this.error('timeout', `no answer in ${timeoutMs} ms`);
      throw this.error('unavailable', 'network error');
    } finally {
      clearTimeout(timer);
    }
  }

  private statusError(response: Response): VendorError {
    const status = response.status;
    if (this.settings.flaw === 'all-errors-unavailable')
      return this.error('unavailable', `HTTP ${status}`, { status });
    const retryAfter = Number(response.headers.get('retry-after'));
    if (status === 401 || status === 403) return this.error('auth', `HTTP ${status}`, { status });
    if (status === 429) {
      return this.error('rate_limit', 'HTTP 429', {
        status,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      });
    }
    if (status >= 500) return this.error('unavailable', `HTTP ${status}`, { status });
    return this.error('bad_request', `HTTP ${status}`, { status });
  }

  private async completeText(request: LlmRequest<unknown>, options: CallOptions): Promise<string> {
    const response = await this.post({ messages: request.messages, stream: false }, options);
    const body = (await response.json()) as { text: string };
    return body.text;
  }

  async complete<T = undefined>(request: LlmRequest<T>, options: CallOptions = {}): Promise<LlmResult<T>> {
    let text = await this.completeText(request, options);
    let object: unknown;
    if (request.output) {
      const attempt = (candidate: string) => {
        try {
          const parsed = request.output!.schema.safeParse(JSON.parse(candidate));
          return parsed.success
            ? { ok: true as const, value: parsed.data }
            : { ok: false as const, issues: parsed.error.issues.map((i) => i.message) };
        } catch {
          return { ok: false as const, issues: ['not JSON'] };
        }
      };
      let result = attempt(text);
      if (!result.ok && this.settings.flaw !== 'no-repair') {
        const repair = {
          ...request,
          messages: [
            ...request.messages,
            { role: 'assistant' as const, content: text },
            { role: 'user' as const, content: `Fix: ${result.issues.join('; ')}` },
          ],
        };
        text = await this.completeText(repair, options);
        result = attempt(text);
      }
      if (!result.ok) throw new InvalidOutputError({ provider: this.provider, text, issues: result.issues });
      object = result.value;
    }
    return {
      text,
      object: object as T,
      usage,
      finishReason: 'stop',
      model: this.modelId,
      provider: this.provider,
      warnings: [],
    };
  }

  async *stream(request: LlmRequest, options: CallOptions = {}): AsyncIterable<LlmStreamPart> {
    let response: Response;
    try {
      response = await this.post({ messages: request.messages, stream: true }, options);
    } catch (error) {
      yield { type: 'error', error: error as VendorError };
      return;
    }
    const signal = this.settings.flaw === 'ignores-abort' ? undefined : options.signal;
    const buffered: string[] = [];
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        pending += decoder.decode(chunk, { stream: true });
        for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
          const data = pending.slice(6, end);
          pending = pending.slice(end + 2);
          if (data === '[DONE]') continue;
          const { delta } = JSON.parse(data) as { delta: string };
          if (signal?.aborted) break;
          if (this.settings.flaw === 'buffers-stream') buffered.push(delta);
          else yield { type: 'text-delta', delta };
        }
      }
    } catch {
      // The body read fails when the signal aborts the request.
    }
    if (signal?.aborted) {
      yield { type: 'error', error: this.error('cancelled', 'aborted') };
      return;
    }
    for (const delta of buffered) yield { type: 'text-delta', delta };
    yield { type: 'finish', usage, finishReason: 'stop', model: this.modelId, provider: this.provider };
  }
}
