import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through this export
// condition, so tests and typechecks never wait for a build.
const conditions = ['@bot-backend/source', 'node', 'import', 'module', 'default'];
// Vitest also hands the SSR conditions to the worker processes as `node --conditions`, which
// applies to require() too: 'import' there makes a dual package such as pg-pool load its ESM
// file through require. The workers get only our source condition.
const workerConditions = ['@bot-backend/source', 'node'];

const workspaceDirs = ['packages', 'apps', 'tools']
  .flatMap((group) => readdirSync(group).map((name) => join(group, name)))
  .concat(['db', 'scripts'])
  .filter((dir) => existsSync(join(dir, 'package.json')));

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: workerConditions, externalConditions: workerConditions } },
  test: {
    // Network fakes and child processes: keep the pool small on 2 cores.
    pool: 'forks',
    // isolated-vm (the code sandbox) needs V8's startup snapshot off on Node 20+.
    poolOptions: { forks: { maxForks: 2, minForks: 1, execArgv: ['--no-node-snapshot'] } },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: workspaceDirs.map((dir) => ({
      extends: true,
      test: {
        name: dir.split('/').pop() ?? dir,
        root: dir,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      },
    })),
  },
});
