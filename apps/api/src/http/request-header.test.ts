import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../app.js';
import { type RunningServer, startServer } from '../server.js';
import { testDeps } from '../test-deps.js';
import { requestHeader } from './request-header.js';

const names = ['x-a', 'content-type', 'origin', 'x-absent'];
const deps = testDeps({ PORT: '0', HOST: '127.0.0.1' });
let app: App;
let server: RunningServer;

beforeAll(async () => {
  app = createApp(deps);
  // What requestHeader() reads from Node's lines, beside what the web Headers of the same request say.
  app.get('/test/headers', (c) =>
    c.json(Object.fromEntries(names.map((name) => [name, [requestHeader(c, name), c.req.header(name)]]))),
  );
  server = await startServer(app, deps);
});

afterAll(async () => {
  await server?.shutdown('test over');
});

/** One raw HTTP/1.1 request, header lines exactly as given; the JSON it answers. */
async function rawGet(lines: string[]): Promise<Record<string, [string | null, string | null]>> {
  const socket = connect(server.port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.write(`GET /test/headers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${lines.join('\r\n')}\r\n\r\n`);
  await closed;
  const text = Buffer.concat(chunks).toString();
  return JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
}

describe('requestHeader', () => {
  it('reads a header from Node as the web Headers give it: any case, repeated lines joined, trimmed', async () => {
    const seen = await rawGet([
      'X-A: one',
      'x-a:  two  ',
      'Content-Type: application/json',
      'content-type: text/plain',
      'ORIGIN: http://localhost:5173',
    ]);
    expect(seen['x-a']).toEqual(['one, two', 'one, two']);
    expect(seen['content-type']).toEqual(['application/json, text/plain', 'application/json, text/plain']);
    expect(seen.origin).toEqual(['http://localhost:5173', 'http://localhost:5173']);
    // Absent: undefined from both, which JSON writes as null.
    expect(seen['x-absent']).toEqual([null, null]);
  });

  it('falls back to the web request in-process (app.request)', async () => {
    const res = await app.request('/test/headers', { headers: { 'x-a': 'one', origin: 'o' } });
    const seen = (await res.json()) as Record<string, unknown[]>;
    expect(seen['x-a']).toEqual(['one', 'one']);
    expect(seen.origin).toEqual(['o', 'o']);
  });
});
