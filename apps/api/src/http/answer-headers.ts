import type { Context } from 'hono';
import type { AppEnv } from '../deps.js';

/**
 * Sets headers on the answer a route made, once it is made. A response Hono
 * made (c.json(), c.text(), an error) holds the headers this request prepared,
 * its id among them, as its own: they change in place. Doing it through
 * `c.header()`, or on a response made before the route's (as Hono's CORS
 * middleware does), makes Hono copy the answer, its body through a web
 * stream, into a new one: that cost more than the rest of a small request.
 * Any other answer (a route's own Response, one from fetch()) is copied
 * first, as `c.header()` would, so nothing set here can be lost.
 */
export function setAnswerHeaders(c: Context<AppEnv>, set: (headers: Headers) => void): void {
  if (c.res.headers.get('x-request-id') !== c.get('requestId')) c.res = new Response(c.res.body, c.res);
  set(c.res.headers);
}
