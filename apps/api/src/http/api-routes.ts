import { createRoute, type Hook, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../deps.js';
import { errorBodySchema } from '../errors/error-body.js';
import { checkedJsonBody } from './checked-json-body.js';
import { strictSchema } from './strict-schema.js';
import { invalidRequest, requireJsonBody } from './validate.js';

/** Every failed params/query/header/body check becomes the one 422 (http/validate.ts), whichever route it is. */
const rejectInvalid: Hook<unknown, AppEnv, string, void> = (result) => {
  if (!result.success) throw invalidRequest(result.target, result.error);
};

/**
 * A sub-app whose routes are declared with `apiRoute()` and mounted with
 * `.openapi(route, handler)`: each route's schemas validate its requests and
 * are, with its responses, its entry in the OpenAPI document. A JSON body
 * made with jsonBody() is checked by checkedJsonBody() rather than
 * @hono/zod-openapi's own validator: the same checks in the same order, the
 * body parsed once and without a promise per field.
 */
export function apiRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: rejectInvalid });
  const declare = app.openapi;
  app.openapi = ((route, handler, hook) => {
    const body = hook === undefined ? bodyOf(route) : undefined;
    const request = route.request;
    if (!body || !request) return declare(route, handler, hook);
    // What zod-openapi would register: the route as declared, without its middleware.
    const { middleware: _middleware, hide, ...documented } = route;
    if (!hide) app.openAPIRegistry.registerPath(documented);
    // Mounted without the body, so zod-openapi adds its other validators (params, query, headers) only.
    const { body: _body, ...rest } = request;
    return declare({ ...route, request: rest, hide: true }, checkedJsonBody(body.schema, handler));
  }) as typeof declare;
  return app;
}

/**
 * createRoute() with this API's rules. A route with a JSON body first refuses
 * a body that is not JSON (415) or does not parse (400), after the route's own
 * middleware (a per-field size limit answers before anything else). The error
 * responses every such route can give are documented here: 400, 413, 415 and
 * 422 with a body, 401 behind the service JWT, 500 always; a route's own
 * entries come on top (and win, for their description).
 */
export function apiRoute<const R extends RouteConfig>(config: R): R {
  const body = config.request?.body !== undefined;
  const implied = [...(body ? bodyErrors : []), ...(config.security ? ([401] as const) : []), 500] as const;
  const responses = { ...errorResponses(implied), ...config.responses };
  if (!body) return createRoute({ ...config, responses });
  const own: MiddlewareHandler[] = config.middleware === undefined ? [] : [config.middleware].flat();
  return createRoute({ ...config, responses, middleware: [...own, requireJsonBody] });
}

/** Service-to-service routes (/v1, /internal): a service JWT when INBOUND_AUTH=jwt. */
export const serviceJwt = [{ serviceJwt: [] }];

export const serviceJwtScheme = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description:
    'With INBOUND_AUTH=jwt: HS256 with INTERNAL_SERVICE_JWT_SECRET, `aud` bot-backend, `iss` one of INBOUND_JWT_ISSUER, `exp` and `iat` (at most 5 minutes old). With INBOUND_AUTH=off no token is needed.',
} as const;

/** Every response carries the request id (http/request-id.ts), the caller's when it sent a usable one. */
export const requestIdHeader = {
  description:
    "The request's id: the caller's x-request-id when it is 1–128 of [A-Za-z0-9_.:-], else a new UUID",
  schema: { type: 'string' },
} as const;
const responseHeaders = { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } } as const;

/** A header's schema in the document: a string, with the limits its zod schema sets. */
type StringSchema = { type: 'string'; minLength?: number; maxLength?: number; pattern?: string };

/**
 * An optional header the document lists but no validator checks: for a
 * header the handler reads itself, so its check keeps its place after the body's.
 */
export function headerParameter(name: string, schema: z.ZodString, description: string) {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema);
  return { in: 'header', name, required: false, description, schema: jsonSchema as StringSchema } as const;
}

/**
 * `schema`, published as component `name` of the document. Named on a copy:
 * zod gives `.openapi()` only to schemas built after @hono/zod-openapi
 * loaded, and a schema from another package may be older.
 */
export function component<S extends z.ZodType>(name: string, schema: S): S {
  return schema.clone().openapi(name);
}

/** The component name of each request body schema jsonBody() made. */
const bodyNames = new WeakMap<z.ZodType, string>();

/**
 * A strict JSON request body, published as component `name`: an undeclared
 * field at any depth is a 422 naming it, and `additionalProperties: false`.
 */
export function jsonBody<S extends z.ZodType>(name: string, schema: S, description?: string) {
  const strict = component(name, strictSchema(schema));
  bodyNames.set(strict, name);
  return {
    required: true,
    ...(description === undefined ? {} : { description }),
    content: { 'application/json': { schema: strict } },
  } as const;
}

/** A route's JSON body: its component name and schema (as validated, strict). */
export function bodyOf(route: RouteConfig): { name: string; schema: z.ZodType } | undefined {
  const media = route.request?.body?.content['application/json'];
  const schema = media && 'schema' in media ? media.schema : undefined;
  const name = schema instanceof z.ZodType ? bodyNames.get(schema) : undefined;
  return name === undefined ? undefined : { name, schema: schema as z.ZodType };
}

/** A JSON response of `schema`. */
export function jsonResponse<S extends z.ZodType>(schema: S, description: string) {
  return { description, headers: responseHeaders, content: { 'application/json': { schema } } } as const;
}

/** What every route with a JSON body can answer besides its own errors. */
const bodyErrors = [400, 413, 415, 422] as const;

const errorDescriptions = {
  400: 'Malformed JSON (`malformed_json`)',
  401: 'Missing or invalid service token, with INBOUND_AUTH=jwt (`unauthorized`; WWW-Authenticate says why)',
  403: 'Refused (`forbidden`, `page_tokens_off`)',
  404: 'Not found',
  409: 'Conflict with the state of the resource',
  413: 'Body over REQUEST_BODY_LIMIT_BYTES, or a field over its own limit (`payload_too_large`; details name the field)',
  415: 'Body is not JSON (`unsupported_media_type`)',
  422: 'Fields missing, of the wrong type, or unknown (`validation_failed`; details name each field, an unknown one with the field meant)',
  500: 'Unexpected failure (`internal_error`); the log has it under the request id',
  502: 'An upstream vendor failed (`vendor_*`)',
  503: 'Unavailable for now (`unavailable`, `sandbox_busy`, `sandbox_unavailable`, `vendor_rate_limit`); Retry-After says when to try again',
  504: 'An upstream vendor timed out (`vendor_timeout`)',
} as const;

export type ErrorStatus = keyof typeof errorDescriptions;

/** The error responses a route can give, all with the shared ErrorBody; `described` overrides a status's text. */
export function errorResponses<const S extends readonly ErrorStatus[]>(
  statuses: S,
  described: Partial<Record<S[number], string>> = {},
) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: described[status as S[number]] ?? errorDescriptions[status],
        headers: responseHeaders,
        content: { 'application/json': { schema: errorBodySchema } },
      },
    ]),
  ) as { [K in S[number]]: ReturnType<typeof jsonResponse<typeof errorBodySchema>> };
}
