import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiDocument } from './api-document.js';

// `pnpm openapi [path]`: writes the document GET /openapi.json serves (default apps/api/dist/openapi.json).
const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const target = resolve(process.cwd(), process.argv[2] ?? resolve(appDir, 'dist/openapi.json'));
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(apiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
