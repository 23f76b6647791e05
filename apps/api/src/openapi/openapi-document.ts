import { z } from 'zod';
import { isUnknownFieldSchema, strictSchema } from '../http/strict-schema.js';

/** One operation of the published API, described by its zod schemas. */
export interface OpenApiOperation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  operationId: string;
  summary: string;
  /** Component name and schema of the JSON body, if any. */
  request?: { name: string; schema: z.ZodType } | undefined;
  response: { name: string; schema: z.ZodType };
  /** The success status; default 200. */
  status?: 200 | 201 | undefined;
  /** Error statuses the operation documents (all share the error body). */
  errors: readonly number[];
  /** Needs the service JWT when INBOUND_AUTH=jwt. */
  secured: boolean;
}

/** The one error body of every endpoint (see errors/error-body.ts). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const errorDescriptions: Readonly<Record<number, string>> = {
  400: 'Malformed JSON',
  401: 'Missing or invalid service token (INBOUND_AUTH=jwt)',
  404: 'Not found (a planId this server does not hold)',
  413: 'Body over the limit, or a field (answer, code) over its size limit',
  415: 'Body is not JSON',
  422: 'Fields missing, of the wrong type, or unknown (details name each field; an unknown one with the field meant)',
  502: 'Upstream vendor failure',
  503: 'Unavailable',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    // Request bodies are strict (http/strict-schema.ts): say so, rather than `additionalProperties: {}`.
    override: (ctx) => {
      const def = ctx.zodSchema._zod.def as { type: string; catchall?: unknown };
      if (def.type === 'object' && isUnknownFieldSchema(def.catchall))
        ctx.jsonSchema.additionalProperties = false;
    },
  }) as Record<string, unknown>;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** An OpenAPI 3.1 document (JSON Schema 2020-12 dialect) from the operations' zod schemas. */
export function buildOpenApiDocument(
  info: { title: string; version: string },
  operations: readonly OpenApiOperation[],
) {
  const schemas: Record<string, unknown> = { ErrorBody: jsonSchema(errorBodySchema, 'output') };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    // The schema as validate() applies it: strict at every depth.
    if (op.request) schemas[op.request.name] = jsonSchema(strictSchema(op.request.schema), 'input');
    schemas[op.response.name] = jsonSchema(op.response.schema, 'output');
    const responses: Record<string, unknown> = {
      [op.status ?? 200]: {
        description: op.status === 201 ? 'Created' : 'OK',
        content: { 'application/json': { schema: ref(op.response.name) } },
      },
    };
    for (const status of [...op.errors, ...(op.secured ? [401] : [])].sort()) {
      responses[status] = {
        description: errorDescriptions[status] ?? 'Error',
        content: { 'application/json': { schema: ref('ErrorBody') } },
      };
    }
    paths[op.path] = {
      ...paths[op.path],
      [op.method]: {
        operationId: op.operationId,
        summary: op.summary,
        ...(op.secured ? { security: [{ serviceJwt: [] }] } : {}),
        ...(op.request
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: ref(op.request.name) } },
              },
            }
          : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info,
    paths,
    components: {
      schemas,
      securitySchemes: {
        serviceJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'HS256 with INTERNAL_SERVICE_JWT_SECRET, aud bot-backend, exp and iat',
        },
      },
    },
  };
}
