import { VendorError } from '@bot-backend/interfaces';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../deps.js';
import { ApiError } from './api-error.js';
import { errorBody } from './error-body.js';
import { type ApiErrorCode, vendorErrorCode } from './error-codes.js';

const codeByStatus: Readonly<Partial<Record<number, ApiErrorCode>>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Maps anything thrown to a status and the shared body; never a stack trace. */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  const requestId = c.get('requestId') ?? 'unknown';
  const logger = c.get('logger');

  if (ApiError.isInstance(error)) {
    if (error.status >= 500) logger?.error({ err: error }, 'request failed');
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return respond(c, error.status, errorBody(error.code, error.message, requestId, error.details));
  }
  if (error instanceof HTTPException) {
    const code = codeByStatus[error.status] ?? 'http_error';
    return respond(c, error.status, errorBody(code, error.message || code, requestId));
  }
  if (VendorError.isInstance(error)) {
    logger?.warn({ err: error.toJSON() }, 'vendor call failed');
    if (error.kind === 'rate_limit' && error.retryAfterMs !== undefined) {
      c.header('retry-after', String(Math.ceil(error.retryAfterMs / 1000)));
    }
    const status = error.kind === 'timeout' ? 504 : error.kind === 'rate_limit' ? 503 : 502;
    return respond(
      c,
      status,
      errorBody(vendorErrorCode(error.kind), `Upstream ${error.vendor} call failed`, requestId),
    );
  }
  logger?.error({ err: error }, 'unhandled error');
  return respond(c, 500, errorBody('internal_error', 'Internal server error', requestId));
};

export const handleNotFound: NotFoundHandler<AppEnv> = (c) => {
  const requestId = c.get('requestId') ?? 'unknown';
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`, requestId), 404);
};

function respond(c: Context<AppEnv>, status: number, body: object) {
  return c.json(body, status as ContentfulStatusCode);
}
