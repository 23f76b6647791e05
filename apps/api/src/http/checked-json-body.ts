import type { Context, Handler, Next } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { readJsonBody } from './json-body.js';
import { requestHeader } from './request-header.js';
import { checkedValue } from './validate.js';

// @hono/zod-openapi's own test of a JSON body's content type (`jsonRequestRegex`, its mediaTypeGate in
// dist/index.mjs), kept after requireJsonBody's: a parameter it does not take (`application/json;`,
// `application/json; charset`) stays its 415.
const jsonRequest = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * `handler`, behind the checks @hono/zod-openapi's validators would make of
 * a declared route's JSON body, in their order and with their answers: its
 * content type (415), then the strict schema (422, every problem a detail).
 * They run after the route's other validators, as zod-openapi's do. The body
 * comes parsed from readJsonBody() (requireJsonBody has read it; 400 when it
 * does not parse) and is checked without a promise unless the schema needs
 * one. The handler reads it with `c.req.valid('json')` as before.
 */
export function checkedJsonBody<H>(schema: z.ZodType, handler: H): H {
  const checked = async (c: Context, next: Next) => {
    if (!jsonRequest.test(requestHeader(c, 'content-type') ?? ''))
      throw new HTTPException(415, { message: 'Unsupported Media Type' });
    const body = await readJsonBody(c);
    const value = await checkedValue('json', schema, body.parsed ? body.value : {});
    c.req.addValidatedData('json', value as object);
    return (handler as Handler)(c, next);
  };
  return checked as H;
}
