import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { notShipped, workspacePackages } from '../../.dependency-cruiser.mjs';

// Test support is named one way (the boundary check's `notShipped`), and every package leaves
// it out of `dist` (tsconfig.build.json) and of what it publishes or deploys (`files`).
// apps/api/src/deploy/deploy-app.test.ts checks the deployed folders themselves.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const buildExcludes = [
  'src/**/*.test.ts',
  'src/**/test-*.ts',
  'src/**/*.fixture.ts',
  'src/**/fixtures/**',
  'src/**/dev-stack.ts',
];
const filesExcludes = buildExcludes.map((glob) => `!${glob.replace(/\/\*\*$/, '')}`);

const read = (dir: string, file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(repoRoot, dir, file), 'utf8')) as Record<string, unknown>;

describe('test support is never built or shipped', () => {
  const packages = workspacePackages(repoRoot);

  it('names the same files the boundary check treats as test support', () => {
    const re = new RegExp(notShipped);
    for (const file of ['src/a.test.ts', 'src/x/test-deps.ts', 'src/cases.fixture.ts', 'src/fixtures/a.ts']) {
      expect(re.test(`packages/p/${file}`), file).toBe(true);
    }
    expect(re.test('apps/api/src/delivery/dev-stack.ts')).toBe(true);
    for (const file of ['src/testing.ts', 'src/latest-test.ts', 'src/routes/dev-page-token.ts']) {
      expect(re.test(`packages/p/${file}`), file).toBe(false);
    }
  });

  it.each(packages.filter((p) => existsSync(join(repoRoot, p.dir, 'tsconfig.build.json'))))(
    '$dir: tsconfig.build.json leaves test support out of dist',
    ({ dir }) => {
      const exclude = read(dir, 'tsconfig.build.json').exclude as string[];
      expect(exclude).toEqual(expect.arrayContaining(buildExcludes));
    },
  );

  it.each(packages.filter((p) => read(p.dir, 'package.json').files !== undefined))(
    '$dir: package.json files leave test support out',
    ({ dir }) => {
      const files = read(dir, 'package.json').files as string[];
      expect(files).toEqual(expect.arrayContaining(filesExcludes));
      // Whatever ships src ships its test support unless these come after it.
      expect(files.indexOf('src')).toBeLessThan(Math.min(...filesExcludes.map((e) => files.indexOf(e))));
    },
  );

  it('leaves no published package and no app (deployed) without a files list', () => {
    const open = packages.filter((p) => {
      const manifest = read(p.dir, 'package.json');
      return (manifest.private !== true || p.dir.startsWith('apps/')) && manifest.files === undefined;
    });
    expect(open.map((p) => p.dir)).toEqual([]);
  });
});
