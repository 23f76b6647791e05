import { OpenAPIHono } from '@hono/zod-openapi';
import { requestIdHeader, serviceJwtScheme } from '../http/api-routes.js';
import type { ApiOperation } from './api-operations.js';

/** The parts of the document the code reads; the rest is OpenAPI 3.1 as the generator writes it. */
export interface ApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  tags?: { name: string; description?: string }[];
}

const description = [
  'The AI interview brain: plans interviews, grades verbal and code answers, and runs voice interviews.',
  '',
  'Every error answers with the same body, `{"error": {"code", "message", "requestId", "details"}}`, where `code` is one of the `ErrorBody` enum. Request bodies are strict: an unknown field is a 422 naming it, with the field meant when it is a snake_case or near spelling of a known one.',
  '',
  'Not described here: the voice socket `GET /ws/voice` (a WebSocket; see the README), and the bundled pages at `/` and `/client/*`.',
].join('\n');

const tags = [
  { name: 'Evaluation', description: 'Grading answers; results are also posted to user-management' },
  { name: 'Planning', description: 'Interview plans from the LLM or the question bank' },
  { name: 'Voice', description: 'Tickets for voice interviews over /ws/voice' },
  { name: 'Sessions', description: 'Interviews this server ran, and their reports' },
  { name: 'Platform', description: 'Health, readiness, metrics and upstream checks' },
  { name: 'Development', description: 'What the bundled page uses' },
];

/**
 * The OpenAPI 3.1 document of `operations`, from the zod schemas each route
 * validates with (@hono/zod-openapi's generator). GET /openapi.json serves it
 * and `pnpm openapi` writes it.
 */
export function buildOpenApiDocument(
  info: { title: string; version: string },
  operations: readonly ApiOperation[],
): ApiDocument {
  const generator = new OpenAPIHono();
  const registry = generator.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'serviceJwt', serviceJwtScheme);
  registry.registerComponent('headers', 'RequestId', requestIdHeader);
  for (const { route } of operations) {
    // What OpenAPIHono.openapi() registers: the route without its middleware.
    const { middleware: _middleware, hide: _hide, ...documented } = route;
    registry.registerPath(documented);
  }
  const generated = generator.getOpenAPI31Document(
    { openapi: '3.1.0', info: { ...info, description }, tags },
    { sortComponents: 'alphabetically' },
  );
  // As it is served and written: JSON, without the generator's undefined fields.
  return JSON.parse(JSON.stringify(generated)) as ApiDocument;
}
