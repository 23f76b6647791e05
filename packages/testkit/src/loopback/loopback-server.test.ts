import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startLoopbackServer } from './loopback-server.js';
import type { LoopbackServer } from './loopback-types.js';
import { sendJson, sseResponse } from './sse-response.js';

async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function openWs(url: string, messages: string[] = []): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    // Listen before 'open': the server's first message can arrive with the handshake.
    socket.on('message', (data) => messages.push(data.toString()));
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('startLoopbackServer', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('listens on 127.0.0.1 with an ephemeral port', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.wsUrl).toBe(`ws://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('records method, path, query, headers and body', async () => {
    server.route('POST', '/v1/things', (req, res) => sendJson(res, 201, { got: req.body.toString() }));
    const before = Date.now();
    const response = await fetch(`${server.url}/v1/things?a=1&b=two`, {
      method: 'POST',
      headers: { 'x-api-key': 'k1', 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ got: 'hello' });
    expect(server.requests).toHaveLength(1);
    const [recorded] = server.requests;
    expect(recorded?.method).toBe('POST');
    expect(recorded?.path).toBe('/v1/things');
    expect(recorded?.query.get('a')).toBe('1');
    expect(recorded?.query.get('b')).toBe('two');
    expect(recorded?.headers['x-api-key']).toBe('k1');
    expect(recorded?.body.toString()).toBe('hello');
    expect(recorded?.at).toBeGreaterThanOrEqual(before);
  });

  it('matches RegExp paths, lets the latest route win and answers 404 without a route', async () => {
    server.route('GET', /^\/items\/\d+$/, (_req, res) => sendJson(res, 200, { v: 1 }));
    server.route('GET', /^\/items\/\d+$/, (_req, res) => sendJson(res, 200, { v: 2 }));
    expect(await (await fetch(`${server.url}/items/42`)).json()).toEqual({ v: 2 });
    expect((await fetch(`${server.url}/items/abc`)).status).toBe(404);
    expect((await fetch(`${server.url}/items/42`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers 500 when a handler throws', async () => {
    server.route('GET', '/boom', () => {
      throw new Error('handler failed');
    });
    const response = await fetch(`${server.url}/boom`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'handler failed' });
  });

  it('serves a status fault once, with headers and JSON body, then the route again', async () => {
    server.route('GET', '/r', (_req, res) => sendJson(res, 200, { ok: true }));
    server.fault({ status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow down' } });
    const faulted = await fetch(`${server.url}/r`);
    expect(faulted.status).toBe(429);
    expect(faulted.headers.get('retry-after')).toBe('2');
    expect(faulted.headers.get('content-type')).toBe('application/json');
    expect(await faulted.json()).toEqual({ error: 'slow down' });
    const next = await fetch(`${server.url}/r`);
    expect(next.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it('applies a fault only to the request it matches', async () => {
    server.route('GET', '/a', (_req, res) => sendJson(res, 200, 'a'));
    server.route('GET', '/b', (_req, res) => sendJson(res, 200, 'b'));
    server.fault({ status: 401, body: 'nope' }, { path: '/b' });
    expect((await fetch(`${server.url}/a`)).status).toBe(200);
    const b = await fetch(`${server.url}/b`);
    expect(b.status).toBe(401);
    expect(await b.text()).toBe('nope');
  });

  it('clearFaults() forgets faults no request used', async () => {
    server.route('GET', '/r', (_req, res) => sendJson(res, 200, { ok: true }));
    server.fault({ status: 500 });
    server.clearFaults();
    expect((await fetch(`${server.url}/r`)).status).toBe(200);
  });

  it('drops the socket on a drop fault', async () => {
    server.route('GET', '/r', (_req, res) => sendJson(res, 200, {}));
    server.fault({ drop: true });
    await expect(fetch(`${server.url}/r`)).rejects.toThrow();
    expect(server.requests).toHaveLength(1);
    await waitFor(() => server.openConnections() === 0);
  });

  it('stalls until the client aborts, then counts no open connection', async () => {
    server.route('GET', '/r', (_req, res) => sendJson(res, 200, {}));
    server.fault({ stall: true });
    const controller = new AbortController();
    const pending = fetch(`${server.url}/r`, { signal: controller.signal });
    await waitFor(() => server.requests.length === 1);
    expect(server.openConnections()).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(() => server.openConnections() === 0);
  });

  it('counts an unfinished streaming response until the client aborts it', async () => {
    server.route('GET', '/stream', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(16));
    });
    const controller = new AbortController();
    const response = await fetch(`${server.url}/stream`, { signal: controller.signal });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.value?.byteLength).toBe(16);
    expect(server.openConnections()).toBe(1);
    controller.abort();
    await waitFor(() => server.openConnections() === 0);
  });

  it('close() ends a stalled request', async () => {
    server.fault({ stall: true });
    const pending = fetch(`${server.url}/anything`);
    await waitFor(() => server.requests.length === 1);
    await server.close();
    await expect(pending).rejects.toThrow();
    expect(server.openConnections()).toBe(0);
  });

  it('delays a response by delayMs', async () => {
    server.route('GET', '/r', (_req, res) => sendJson(res, 200, { ok: true }));
    server.fault({ delayMs: 150 });
    const started = Date.now();
    const response = await fetch(`${server.url}/r`);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('routes WebSocket upgrades by path and records them', async () => {
    server.ws('/v1/listen', (socket, req) => {
      socket.send(JSON.stringify({ route: 'listen', token: req.query.get('token') }));
      socket.on('message', (data) => socket.send(`echo:${data.toString()}`));
    });
    server.ws(/^\/v\d+\/speak$/, (socket) => socket.send(JSON.stringify({ route: 'speak' })));

    const messages: string[] = [];
    const listen = await openWs(`${server.wsUrl}/v1/listen?token=t1`, messages);
    listen.send('hi');
    await waitFor(() => messages.length === 2);
    expect(JSON.parse(messages[0]!)).toEqual({ route: 'listen', token: 't1' });
    expect(messages[1]).toBe('echo:hi');
    expect(server.openConnections()).toBe(1);

    const spoken: string[] = [];
    const speak = await openWs(`${server.wsUrl}/v2/speak`, spoken);
    await waitFor(() => spoken.length === 1);
    expect(JSON.parse(spoken[0]!)).toEqual({ route: 'speak' });
    expect(server.openConnections()).toBe(2);

    expect(server.requests.map((r) => r.path)).toEqual(['/v1/listen', '/v2/speak']);
    expect(server.requests[0]?.headers.upgrade).toBe('websocket');

    listen.close();
    speak.close();
    await waitFor(() => server.openConnections() === 0);
  });

  it('refuses WebSocket upgrades without a route, or with a status fault', async () => {
    await expect(openWs(`${server.wsUrl}/nowhere`)).rejects.toThrow(/404/);
    server.ws('/ws', () => {});
    server.fault({ status: 401, body: { error: 'bad key' } }, { path: '/ws' });
    await expect(openWs(`${server.wsUrl}/ws`)).rejects.toThrow(/401/);
    const ok = await openWs(`${server.wsUrl}/ws`);
    ok.close();
  });

  it('refuses an upgrade that its route verify() rejects', async () => {
    server.ws('/ws', (socket) => socket.send('welcome'), {
      verify: (req) =>
        req.query.get('key') === 'good' ? undefined : { status: 401, body: { error: 'bad key' } },
    });
    await expect(openWs(`${server.wsUrl}/ws?key=bad`)).rejects.toThrow(/401/);
    const messages: string[] = [];
    const ok = await openWs(`${server.wsUrl}/ws?key=good`, messages);
    await waitFor(() => messages.length === 1);
    ok.close();
  });

  it('frees a stalled WebSocket upgrade when the client gives up', async () => {
    server.ws('/ws', () => {});
    server.fault({ stall: true });
    const client = new WebSocket(`${server.wsUrl}/ws`);
    client.on('error', () => {});
    await waitFor(() => server.openConnections() === 1);
    client.terminate();
    await waitFor(() => server.openConnections() === 0);
  });

  it('drops and stalls WebSocket upgrades, and close() terminates open sockets', async () => {
    server.ws('/ws', () => {});
    server.fault({ drop: true });
    await expect(openWs(`${server.wsUrl}/ws`)).rejects.toThrow();

    server.fault({ stall: true });
    const stalled = new WebSocket(`${server.wsUrl}/ws`);
    const stalledOutcome = new Promise<string>((resolve) => {
      stalled.once('open', () => resolve('open'));
      stalled.once('error', () => resolve('error'));
    });
    await waitFor(() => server.requests.length === 2);
    expect(server.openConnections()).toBe(1);

    const open = await openWs(`${server.wsUrl}/ws`);
    const closedCode = new Promise<number>((resolve) => open.once('close', (code) => resolve(code)));
    expect(server.openConnections()).toBe(2);
    await server.close();
    expect(await stalledOutcome).toBe('error');
    expect(await closedCode).toBe(1006);
    expect(server.openConnections()).toBe(0);
  });
});

describe('sseResponse', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('writes events in SSE framing', async () => {
    server.route('GET', '/events', (_req, res) => {
      const sse = sseResponse(res);
      sse.comment('keepalive');
      sse.send({ data: { a: 1 } });
      sse.send({ event: 'done', id: '7', data: 'line1\nline2' });
      sse.end();
    });
    const response = await fetch(`${server.url}/events`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe(
      ': keepalive\n\ndata: {"a":1}\n\nevent: done\nid: 7\ndata: line1\ndata: line2\n\n',
    );
  });
});
