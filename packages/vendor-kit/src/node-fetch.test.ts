import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { waitUntil as until } from '@bot-backend/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch } from './node-fetch.js';

// A loopback server whose routes each show one part of what fetch must do.
let server: Server;
let url: string;
const sockets = new Set<Socket>();
const held: ServerResponse[] = [];
const closedEarly: string[] = [];
const received: { method: string; headers: IncomingMessage['headers']; body: string }[] = [];

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  received.push({ method: req.method ?? '', headers: req.headers, body });
  res.on('close', () => {
    if (!res.writableFinished) closedEarly.push(req.url ?? '');
  });
  switch (req.url) {
    case '/json':
      res.writeHead(201, 'Made', [
        ['content-type', 'application/json'],
        ['x-many', 'a'],
        ['x-many', 'b'],
      ]);
      res.end(JSON.stringify({ echoed: body }));
      return;
    case '/gzip':
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
      res.end(gzipSync('decoded text'));
      return;
    case '/empty':
      res.writeHead(204).end();
      return;
    case '/held':
      // One chunk now; the rest only when the test says (or never).
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      held.push(res);
      return;
    case '/reset':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    case '/closes-reused': {
      // A kept-alive socket the server lets go just as the next request arrives.
      const socket = req.socket as Socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      if (socket.served > 1) socket.destroy();
      else res.end('answered');
      return;
    }
    case '/hang-up':
      req.socket.destroy();
      return;
    default:
      res.writeHead(404).end('no such route');
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => route(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  // Node's server says `Keep-Alive: timeout=5` by default, and the client's agent honours it.
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of held) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const nodeFetch = createNodeFetch();

describe('createNodeFetch', () => {
  it('sends the method, headers and body as given, with its length', async () => {
    const response = await nodeFetch(`${url}/json`, {
      method: 'POST',
      headers: new Headers({ 'content-type': 'application/json', authorization: 'Bearer k' }),
      body: '{"é":1}',
    });
    const last = received.at(-1)!;
    expect(last.method).toBe('POST');
    expect(last.headers.authorization).toBe('Bearer k');
    expect(last.headers['content-type']).toBe('application/json');
    // UTF-8 bytes, not characters.
    expect(last.headers['content-length']).toBe('8');
    expect(last.body).toBe('{"é":1}');
    await response.body?.cancel();
  });

  it('answers a standard Response: status, status text, every header, the body', async () => {
    const response = await nodeFetch(`${url}/json`, { method: 'POST', body: 'hi' });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.statusText).toBe('Made');
    expect(response.headers.get('x-many')).toBe('a, b');
    expect(await response.json()).toEqual({ echoed: 'hi' });
  });

  it('hands over the first chunk of a stream before the server has ended it', async () => {
    const response = await nodeFetch(`${url}/held`);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: first\n\n');
    const rest = held.pop()!;
    rest.end('data: last\n\n');
    let text = '';
    for (let part = await reader.read(); !part.done; part = await reader.read())
      text += new TextDecoder().decode(part.value);
    expect(text).toBe('data: last\n\n');
  });

  it('rejects with the AbortError when the signal fires before the answer', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(nodeFetch(`${url}/json`, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('an abort mid-body errors the body with AbortError and closes the request at the server', async () => {
    const controller = new AbortController();
    const response = await nodeFetch(`${url}/held`, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    await until(() => closedEarly.includes('/held'));
  });

  it('a socket closed before the end errors the body, as fetch does', async () => {
    const response = await nodeFetch(`${url}/reset`);
    await expect(response.text()).rejects.toThrow();
  });

  it('a refused connection is a TypeError with the cause, as fetch throws', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = await nodeFetch(`http://127.0.0.1:${port}/`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe('fetch failed');
    expect((failure as { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
  });

  it('decodes a compressed answer it did not ask for', async () => {
    const response = await nodeFetch(`${url}/gzip`);
    expect(received.at(-1)!.headers['accept-encoding']).toBeUndefined();
    expect(await response.text()).toBe('decoded text');
  });

  it('gives a 204 a null body', async () => {
    const response = await nodeFetch(`${url}/empty`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('keeps the connection for the next call', async () => {
    const fresh = createNodeFetch();
    await (await fresh(`${url}/json`, { method: 'POST', body: '1' })).text();
    const before = sockets.size;
    await (await fresh(`${url}/json`, { method: 'POST', body: '2' })).text();
    await (await fresh(`${url}/json`, { method: 'POST', body: '3' })).text();
    expect(sockets.size).toBe(before);
  });

  it("keeps an idle connection past undici's 4 s: an LLM call a whole answer later reuses it", async () => {
    const fresh = createNodeFetch();
    await (await fresh(`${url}/json`, { method: 'POST', body: '1' })).text();
    const before = sockets.size;
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    await (await fresh(`${url}/json`, { method: 'POST', body: '2' })).text();
    expect(sockets.size).toBe(before);
  });

  it('lets an idle connection go after idleMs', async () => {
    const fresh = createNodeFetch(globalThis.fetch, { idleMs: 100 });
    await (await fresh(`${url}/json`, { method: 'POST', body: '1' })).text();
    const before = sockets.size;
    await new Promise((resolve) => setTimeout(resolve, 400));
    await (await fresh(`${url}/json`, { method: 'POST', body: '2' })).text();
    expect(sockets.size).toBe(before + 1);
  });

  it('sends a request once more on a new socket when a kept-alive one was closed under it', async () => {
    const fresh = createNodeFetch();
    expect(await (await fresh(`${url}/closes-reused`, { method: 'POST', body: '1' })).text()).toBe(
      'answered',
    );
    const before = received.length;
    const again = await fresh(`${url}/closes-reused`, { method: 'POST', body: '2' });
    expect(await again.text()).toBe('answered');
    // Reached the server twice: on the old socket (closed) and on a new one.
    expect(received.slice(before).map((r) => r.body)).toEqual(['2', '2']);
  });

  it('does not send again when a new connection is closed without an answer', async () => {
    const fresh = createNodeFetch();
    const before = received.length;
    const failure = await fresh(`${url}/hang-up`, { method: 'POST', body: 'x' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect(received.length - before).toBe(1);
  });

  it('sends a form body (an upload) through the fallback fetch', async () => {
    const seen: string[] = [];
    const withFallback = createNodeFetch((input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    });
    const form = new FormData();
    form.set('field', 'value');
    const response = await withFallback(`${url}/json`, { method: 'POST', body: form });
    expect(seen).toEqual([`${url}/json`]);
    expect(received.at(-1)!.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(response.status).toBe(201);
    await response.text();
  });
});
