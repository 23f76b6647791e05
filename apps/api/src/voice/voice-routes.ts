import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import type { AppEnv } from '../deps.js';
import { ApiError } from '../errors/api-error.js';
import { voicePath } from './voice-gateway.js';

/** The browser client: plain files, served as they are (no build step). */
const clientDir = new URL('../../public/', import.meta.url);
const clientFiles: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  // The page's credentials: POST /dev/page-token, then a ticket from POST /v1/voice/sessions.
  'api-auth.js': 'text/javascript; charset=utf-8',
  'voice-socket.js': 'text/javascript; charset=utf-8',
  'audio-player.js': 'text/javascript; charset=utf-8',
  'microphone.js': 'text/javascript; charset=utf-8',
  'pcm-capture-worklet.js': 'text/javascript; charset=utf-8',
  // Latency, feedback and the summary on the page; the score bands the report shares.
  'results-view.js': 'text/javascript; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
  'interview.css': 'text/css; charset=utf-8',
  // The evidence-linked report of a finished interview (report.html?id=SESSION).
  'report.html': 'text/html; charset=utf-8',
  'report.js': 'text/javascript; charset=utf-8',
  'report.css': 'text/css; charset=utf-8',
};

// The page talks only to its own origin (fetch and the socket); media from the microphone.
const pageSecurityHeaders = {
  'content-security-policy':
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; script-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'microphone=(self), camera=()',
};

export function createVoiceRoutes() {
  const serve = async (name: string) => {
    // Own entries only: `constructor`, `__proto__`, `toString` are inherited names, not files.
    const type = Object.hasOwn(clientFiles, name) ? clientFiles[name] : undefined;
    if (typeof type !== 'string')
      throw new ApiError({ status: 404, code: 'not_found', message: 'No such file' });
    const body = await readFile(new URL(name, clientDir));
    return new Response(body, {
      headers: { 'content-type': type, 'cache-control': 'no-cache', ...pageSecurityHeaders },
    });
  };
  return (
    new Hono<AppEnv>()
      .get('/', () => serve('index.html'))
      .get('/client/:file', (c) => serve(c.req.param('file')))
      // Reached only without an Upgrade header: the server's upgrade handler takes real sockets.
      .get(voicePath, () => {
        throw new ApiError({
          status: 426,
          code: 'upgrade_required',
          message: 'GET /ws/voice is a WebSocket: connect with Upgrade: websocket',
        });
      })
  );
}
