import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiOperations } from './api-operations.js';
import { buildOpenApiDocument } from './openapi-document.js';

// `pnpm openapi [path]`: writes the document (default apps/api/dist/openapi.json).
const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const target = resolve(process.cwd(), process.argv[2] ?? resolve(appDir, 'dist/openapi.json'));
const { version } = JSON.parse(readFileSync(resolve(appDir, 'package.json'), 'utf8')) as { version: string };
const document = buildOpenApiDocument({ title: 'bot-backend API', version }, apiOperations);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
