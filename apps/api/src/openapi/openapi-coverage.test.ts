import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { testDeps } from '../test-deps.js';
import { apiDocument } from './api-document.js';
import type { ApiDocument } from './openapi-document.js';
import { undocumentedRoutes } from './undocumented-routes.js';

const methods = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** `GET /v1/sessions/{id}/report`: Hono's `:id` (and `:id{regex}`) in OpenAPI's form. */
const routeKey = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`;

function documentedRoutes(document: ApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => methods.has(key))
      .map((method) => routeKey(method, path)),
  );
}

describe('the OpenAPI document covers the app', () => {
  const app = createApp(testDeps());
  // Middleware is mounted for ALL methods; every handler has its own.
  const mounted = [
    ...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => routeKey(r.method, r.path))),
  ];

  it('lists every route the app mounts, except the few left out with a reason', () => {
    const documented = documentedRoutes(apiDocument());
    const left = Object.keys(undocumentedRoutes);
    expect(mounted.filter((route) => !left.includes(route)).sort()).toEqual([...documented].sort());
    // Each left-out route is still mounted, and none is also documented.
    for (const route of left) expect(mounted, route).toContain(route);
    for (const route of left) expect(documented).not.toContain(route);
    expect(mounted).toContain('GET /v1/sessions/{id}/report');
  });

  it('is served at GET /openapi.json, OpenAPI 3.1, as `pnpm openapi` builds it', async () => {
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const served = (await res.json()) as ApiDocument;
    expect(served.openapi).toBe('3.1.0');
    expect(served).toEqual(apiDocument());
  });

  it('names each path parameter as the route does', () => {
    const document = apiDocument();
    for (const [path, item] of Object.entries(document.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, operation] of Object.entries(item)) {
        const parameters = ((operation as { parameters?: { in: string; name: string }[] }).parameters ?? [])
          .filter((p) => p.in === 'path')
          .map((p) => p.name);
        expect(parameters, `${method} ${path}`).toEqual(inPath);
      }
    }
  });
});
