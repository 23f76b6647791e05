import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findEnvDir, readEnvFiles } from './env-files.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('env files', () => {
  it('parses comments, quotes and export lines; .env.local overrides .env', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-files-'));
    dirs.push(dir);
    writeFileSync(join(dir, '.env'), '# a comment\nA=1\nB="two words"\nexport C=3\n');
    writeFileSync(join(dir, '.env.local'), 'A=10\n');
    expect(readEnvFiles(dir)).toEqual({ A: '10', B: 'two words', C: '3' });
  });

  it('narrows a .env.local others can read to 0600 before reading it; .env is left alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-private-'));
    dirs.push(dir);
    writeFileSync(join(dir, '.env'), 'A=1\n', { mode: 0o644 });
    writeFileSync(join(dir, '.env.local'), 'OPENAI_API_KEY=sk-secret\n', { mode: 0o644 });
    expect(readEnvFiles(dir)).toEqual({ A: '1', OPENAI_API_KEY: 'sk-secret' });
    expect(statSync(join(dir, '.env.local')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o644);
  });

  it('finds the workspace root above a package, or keeps the start outside a workspace', () => {
    const root = mkdtempSync(join(tmpdir(), 'env-root-'));
    dirs.push(root);
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
    const nested = join(root, 'apps', 'api');
    mkdirSync(nested, { recursive: true });
    expect(findEnvDir(nested)).toBe(root);

    const loose = mkdtempSync(join(tmpdir(), 'env-loose-'));
    dirs.push(loose);
    expect(findEnvDir(loose)).toBe(loose);
  });
});
