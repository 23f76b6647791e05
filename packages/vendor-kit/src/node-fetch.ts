import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { finished, pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** Decoders for a `content-encoding` a server sends though none was asked for. */
const decoders: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Why an aborted call failed: the signal's reason, else the DOMException fetch uses. */
const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('This operation was aborted', 'AbortError');

/** The payload without its transfer encoding, decoded if the server compressed it anyway. */
function payloadOf(response: IncomingMessage): Readable {
  const encoding = response.headers['content-encoding']?.toLowerCase();
  const decode = encoding ? decoders[encoding] : undefined;
  if (!decode) return response;
  const decoder = decode();
  pipeline(response, decoder, () => {});
  return decoder;
}

/**
 * The payload as a web stream that reads the socket only as fast as its reader
 * asks; a socket closed before the end errors it (as fetch's body does).
 */
function bodyStream(
  payload: Readable,
  cancel: () => void,
  onController: (c: ReadableStreamDefaultController<Uint8Array>) => void,
) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      onController(controller);
      payload.on('data', (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) payload.pause();
      });
      finished(payload, (error) => {
        try {
          if (error) controller.error(error);
          else controller.close();
        } catch {
          // Already errored by an abort, or cancelled by the reader.
        }
      });
    },
    pull() {
      payload.resume();
    },
    cancel,
  });
}

/**
 * How long a connection is kept idle for the next call: 60 s, not undici's 4 s. A live interview
 * calls its LLM once or twice per answer, tens of seconds apart; with one interview in a process
 * (a LiveKit job) every reply would otherwise wait for a new TCP and TLS handshake. OpenAI's and
 * Groq's APIs sit behind Cloudflare, which keeps an idle HTTP/1.1 connection for 400 s
 * (developers.cloudflare.com/fundamentals/reference/connection-limits); a server that closes
 * sooner is met by the retry on a reused socket below.
 */
const DEFAULT_IDLE_MS = 60_000;

export interface NodeFetchOptions {
  /** Milliseconds an idle connection is kept for the next call. Default 60 000. */
  idleMs?: number | undefined;
}

/** A body the node path sends as it is; a form, a blob or a stream goes to the global fetch. */
const isPlainBody = (body: RequestInit['body']): body is string | Uint8Array | null | undefined =>
  body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;

/**
 * `fetch` for the vendors' SDKs over `node:http`/`node:https` with keep-alive
 * agents. Through the global fetch, an SDK call pays for undici's Request and
 * Headers checks, its HTTP parser in WebAssembly and its stream plumbing on
 * every streamed token: about 1 ms of CPU per streamed LLM answer more than
 * this path, 13% of the server's CPU at 100 voice sessions (three LLM calls a
 * turn). It takes what the Stainless SDKs send (a URL, a method, headers, a
 * string or byte body, a signal) and answers a standard `Response`; a `Request`
 * object or a form or stream body (an upload) goes to `fallback`. Redirects are
 * not followed (the vendors' APIs answer in place); no `accept-encoding` is
 * sent, and a compressed answer is decoded all the same.
 */
export function createNodeFetch(
  fallback: typeof fetch = globalThis.fetch,
  options: NodeFetchOptions = {},
): typeof fetch {
  // No Nagle delay on a request's small writes. A server's `Keep-Alive: timeout=` hint shortens
  // the idle time (node's agent honours it).
  const agentOptions = { keepAlive: true, timeout: options.idleMs ?? DEFAULT_IDLE_MS, noDelay: true };
  const agents = { 'http:': new HttpAgent(agentOptions), 'https:': new HttpsAgent(agentOptions) };
  return (input, init) => {
    const body = init?.body;
    if (!isPlainBody(body) || !(typeof input === 'string' || input instanceof URL))
      return fallback(input, init);
    const url = typeof input === 'string' ? new URL(input) : input;
    const protocol = url.protocol;
    if (protocol !== 'http:' && protocol !== 'https:') return fallback(input, init);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    if (body !== undefined && body !== null) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      const send = protocol === 'https:' ? httpsRequest : httpRequest;
      let request: ClientRequest;
      let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
      const onAbort = () => {
        const reason = abortReason(signal!);
        try {
          controller?.error(reason);
        } catch {
          // The body was already closed.
        }
        request.destroy();
        reject(reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const release = () => signal?.removeEventListener('abort', onAbort);
      const attempt = (retry: boolean) => {
        request = send(url, { method: init?.method ?? 'GET', headers, agent: agents[protocol] });
        const sent = request;
        let answered = false;
        sent.once('error', (error: NodeJS.ErrnoException) => {
          // A kept-alive socket the server closed while idle fails before any answer: the
          // request never reached it, so it goes once more on a new socket (node's
          // documented remedy, `request.reusedSocket`). Once answered, it is never sent again.
          if (retry && !answered && sent.reusedSocket && error.code === 'ECONNRESET' && !signal?.aborted) {
            attempt(false);
            return;
          }
          release();
          reject(new TypeError('fetch failed', { cause: error }));
        });
        sent.once('response', (response) => {
          answered = true;
          response.once('close', release);
          resolve(answer(response, () => sent.destroy()));
        });
        sent.end(body ?? undefined);
      };
      const answer = (response: IncomingMessage, cancel: () => void): Response => {
        const responseHeaders = new Headers();
        const raw = response.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) responseHeaders.append(raw[i]!, raw[i + 1]!);
        const status = response.statusCode ?? 502;
        // These may not carry a body (the Response constructor refuses one).
        const empty = status === 204 || status === 205 || status === 304 || init?.method === 'HEAD';
        if (empty) response.resume();
        const stream = empty
          ? null
          : bodyStream(payloadOf(response), cancel, (c) => {
              controller = c;
            });
        return new Response(stream, {
          status,
          statusText: response.statusMessage ?? '',
          headers: responseHeaders,
        });
      };
      attempt(true);
    });
  };
}

let shared: typeof fetch | undefined;

/** One node fetch for the process, so every SDK client shares its connection pools. */
export const nodeFetch: typeof fetch = (input, init) => {
  shared ??= createNodeFetch();
  return shared(input, init);
};
