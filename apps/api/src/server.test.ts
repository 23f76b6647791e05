import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.js';
import { type RunningServer, startServer } from './server.js';
import { testDeps } from './test-deps.js';

// Served through node-server, the body is read from Node's stream and the request's signal is the
// server's own (server.ts, http/body-limit.ts); these check that what a client sees is unchanged.
const LIMIT = 4096;
const deps = testDeps({ PORT: '0', HOST: '127.0.0.1', REQUEST_BODY_LIMIT_BYTES: String(LIMIT) });
let app: App;
let server: RunningServer;
let base: string;
let signalSeen: Promise<string> | undefined;
let lightRequest: { sameSignal: boolean; isRequest: boolean; url: string } | undefined;

const question = {
  id: 'q1',
  text: 'What is the difference between a process and a thread?',
  expectedKeywords: ['線程', 'memory'],
};
const answer =
  'A process has its own memory; 線程 (threads) share the memory of their process, so a context switch is cheaper.';

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Sends the body in the given pieces (a multi-byte character may be cut between two). */
function post(path: string, pieces: Buffer[], headers: Record<string, string | number>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    for (const piece of pieces) req.write(piece);
    req.end();
  });
}

const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  app = createApp(deps);
  app.post('/test/wait-for-abort', (c) => {
    const signal = c.req.raw.signal;
    lightRequest = {
      sameSignal: signal === c.req.raw.signal,
      isRequest: c.req.raw instanceof Request,
      url: c.req.raw.url,
    };
    signalSeen = new Promise((resolve) =>
      signal.addEventListener('abort', () => resolve(String(signal.reason)), { once: true }),
    );
    return new Promise<Response>(() => {});
  });
  server = await startServer(app, deps);
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.shutdown('test over');
});

describe('served over HTTP', () => {
  it('warms the interview engine before it listens', () => {
    const messages = deps.logLines().map((line) => line.msg);
    const warmed = messages.indexOf('engine warmed up');
    expect(warmed).toBeGreaterThanOrEqual(0);
    expect(warmed).toBeLessThan(messages.indexOf('listening'));
    const line = deps.logLines()[warmed] as { warmUp: { answers: number } };
    expect(line.warmUp.answers).toBe(3);
  });

  it('answers /v1/evaluate exactly as the app does in-process, a UTF-8 character cut between two writes', async () => {
    const body = Buffer.from(JSON.stringify({ question, answer }));
    const cut = body.indexOf(Buffer.from('線')) + 1;
    const served = await post('/v1/evaluate', [body.subarray(0, cut), body.subarray(cut)], {
      ...json,
      'content-length': body.length,
      'x-request-id': 'same-id',
    });
    const inProcess = await app.request('/v1/evaluate', {
      method: 'POST',
      headers: { ...json, 'x-request-id': 'same-id' },
      body,
    });
    expect(served.status).toBe(200);
    expect(JSON.parse(served.body)).toEqual(await inProcess.json());
    expect(JSON.parse(served.body).matchedKeywords).toEqual(['線程', 'memory']);
    expect(served.headers['x-request-id']).toBe('same-id');
    expect(served.headers['access-control-expose-headers']).toBe(
      inProcess.headers.get('access-control-expose-headers'),
    );
    expect(served.headers.vary).toBe('Origin');
  });

  it('reads a streamed (chunked) body and one that starts with a byte-order mark', async () => {
    const body = Buffer.from(JSON.stringify({ question, answer }));
    const chunked = await post('/v1/evaluate', [body.subarray(0, 10), body.subarray(10)], json);
    expect(chunked.status).toBe(200);
    const withMark = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
    const marked = await post('/v1/evaluate', [withMark], { ...json, 'content-length': withMark.length });
    expect(marked.status).toBe(200);
    expect(JSON.parse(marked.body).score).toBe(JSON.parse(chunked.body).score);
  });

  it('refuses a body over REQUEST_BODY_LIMIT_BYTES, declared or streamed, and a malformed one', async () => {
    const big = Buffer.from(JSON.stringify({ question, answer: 'x'.repeat(LIMIT) }));
    const declared = await post('/v1/evaluate', [big], { ...json, 'content-length': big.length });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error.code).toBe('payload_too_large');
    const streamed = await post('/v1/evaluate', [big.subarray(0, 1000), big.subarray(1000)], json);
    expect(streamed.status).toBe(413);
    const malformed = await post('/v1/evaluate', [Buffer.from('{"question":')], json);
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).error.code).toBe('malformed_json');
  });

  it('serves the page files with a request id and CORS headers, as before', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('aborts the request signal when the client goes away, and keeps serving', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /test/wait-for-abort HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}');
    // Wait until the route holds the signal, then hang up.
    await expect.poll(() => signalSeen !== undefined).toBe(true);
    socket.destroy();
    expect(await signalSeen).toBe('Client connection prematurely closed.');
    // One signal per request, on a request that is still a web Request with its URL.
    expect(lightRequest).toEqual({
      sameSignal: true,
      isRequest: true,
      url: `http://x/test/wait-for-abort`,
    });

    // A client that stops halfway through its body: the server answers the next one.
    const half = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => half.once('connect', resolve));
    half.write(
      'POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"que',
    );
    half.destroy();
    const body = Buffer.from(JSON.stringify({ question, answer }));
    expect((await post('/v1/evaluate', [body], { ...json, 'content-length': body.length })).status).toBe(200);
  });
});
