import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { apiDocument } from './api-document.js';
import { apiOperations } from './api-operations.js';
import { buildOpenApiDocument } from './openapi-document.js';

const document = buildOpenApiDocument({ title: 'bot-backend API', version: '0.0.0' }, apiOperations);
type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  maximum?: number;
  maxLength?: number;
};
const schema = (name: string) => document.components.schemas[name] as Schema;

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with both evaluation operations, secured by the service JWT', () => {
    expect(document.openapi).toBe('3.1.0');
    const evaluate = document.paths['/v1/evaluate']?.post as {
      security: unknown;
      responses: Record<string, unknown>;
    };
    expect(evaluate.security).toEqual([{ serviceJwt: [] }]);
    expect(Object.keys(evaluate.responses)).toEqual([
      '200',
      '400',
      '401',
      '413',
      '415',
      '422',
      '500',
      '502',
      '503',
      '504',
    ]);
    expect(document.paths['/v1/evaluate-code']?.post).toBeDefined();
  });

  it('carries the zod constraints: required fields, limits, score range', () => {
    const request = schema('VerbalEvaluationRequest');
    expect(request.required).toEqual(expect.arrayContaining(['question', 'answer']));
    expect(request.properties?.answer?.maxLength).toBe(20_000);
    const response = schema('VerbalEvaluationResponse');
    expect(response.properties?.score).toMatchObject({ type: 'integer', minimum: 0, maximum: 10 });
    expect(response.properties?.gates?.required).toEqual(['empty', 'length', 'keyword', 'nonAnswer']);
    expect(response.properties?.delivery).toMatchObject({ enum: ['delivered', 'queued', 'off'] });
    const code = schema('CodeEvaluationResponse');
    expect(code.required).not.toContain('tests');
    expect(code.properties?.tests?.required).toEqual(['passed', 'total', 'results']);
  });

  it('every $ref points at a component', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)];
    expect(refs.length).toBeGreaterThan(0);
    const components = document.components as Record<string, Record<string, unknown>>;
    for (const [, kind, name] of refs)
      expect(components[kind as string], `${kind}/${name}`).toHaveProperty(name as string);
  });

  it('`pnpm openapi` writes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      const out = join(dir, 'openapi.json');
      const appDir = resolve(import.meta.dirname, '../..');
      await promisify(execFile)(
        process.execPath,
        ['--conditions=@bot-backend/source', '--import', 'tsx', 'src/openapi/write-openapi.ts', out],
        { cwd: appDir },
      );
      const written = JSON.parse(readFileSync(out, 'utf8')) as typeof document;
      // The very document GET /openapi.json serves (openapi-coverage.test.ts).
      expect(written).toEqual(apiDocument());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
