import { readFileSync } from 'node:fs';
import { apiOperations } from './api-operations.js';
import { type ApiDocument, buildOpenApiDocument } from './openapi-document.js';

/** This API's document: what GET /openapi.json serves and `pnpm openapi` writes. */
export function apiDocument(): ApiDocument {
  const packageJson = new URL('../../package.json', import.meta.url);
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return buildOpenApiDocument({ title: 'bot-backend API', version }, apiOperations);
}
