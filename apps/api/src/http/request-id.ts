import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../deps.js';
import type { Logger } from '../observability/logger.js';
import { setAnswerHeaders } from './answer-headers.js';
import { requestHeader } from './request-header.js';

// A caller's id is kept only when it is safe to echo into headers and logs.
const acceptable = /^[\w.:-]{1,128}$/;

/** `x-request-id` in (or a new one) and out; `c.get('logger')` is a child logger carrying it. */
export function requestId(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = requestHeader(c, 'x-request-id');
    const id = incoming !== undefined && acceptable.test(incoming) ? incoming : randomUUID();
    c.set('requestId', id);
    c.set('logger', logger.child({ requestId: id }));
    c.header('x-request-id', id);
    await next();
    // A route's own Response (the page files) does not carry what was prepared here.
    if (c.res.headers.get('x-request-id') !== id)
      setAnswerHeaders(c, (headers) => headers.set('x-request-id', id));
  };
}
