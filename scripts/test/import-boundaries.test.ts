import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerOf, workspacePackages } from '../../.dependency-cruiser.mjs';

// The check `pnpm lint` runs, the same CLI and config, on a small workspace laid out like ours:
// each wrong import below must be reported under its rule, and nothing else.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const config = join(repoRoot, '.dependency-cruiser.mjs');
const depcruise = fileURLToPath(new URL('../node_modules/.bin/depcruise', import.meta.url));
const CRUISE_MS = 120_000;

interface Pkg {
  dir: string;
  name: string;
  dependencies?: string[];
  devDependencies?: string[];
}

// One package per layer of interest, with the workspace links pnpm would make.
const packages: Pkg[] = [
  { dir: 'packages/interfaces', name: '@bot-backend/interfaces' },
  { dir: 'packages/audio', name: '@bot-backend/audio', dependencies: ['@bot-backend/interfaces'] },
  { dir: 'packages/voice', name: '@bot-backend/voice', dependencies: ['@bot-backend/audio'] },
  { dir: 'packages/testkit', name: '@bot-backend/testkit', dependencies: ['@bot-backend/audio'] },
  { dir: 'packages/config', name: '@bot-backend/config' },
  {
    dir: 'packages/vendors-groq',
    name: '@bot-backend/vendors-groq',
    dependencies: ['@bot-backend/audio', '@bot-backend/config'],
  },
  {
    dir: 'packages/vendors-openai',
    name: '@bot-backend/vendors-openai',
    // Declared, so only the layering rule can refuse it.
    dependencies: ['@bot-backend/audio', '@bot-backend/vendors-groq'],
  },
  {
    dir: 'packages/interview',
    name: '@bot-backend/interview',
    dependencies: ['@bot-backend/voice', '@bot-backend/api'],
  },
  {
    dir: 'packages/factory',
    name: '@bot-backend/factory',
    dependencies: ['@bot-backend/vendors-openai', '@bot-backend/config'],
  },
  {
    dir: 'apps/api',
    name: '@bot-backend/api',
    dependencies: ['@bot-backend/factory', '@bot-backend/interview'],
    devDependencies: ['@bot-backend/testkit', 'left-pad'],
  },
  { dir: 'tools/sim', name: '@bot-backend/sim', dependencies: ['@bot-backend/api', '@bot-backend/testkit'] },
];

/** Wrong imports, each in its own file, and the rules that must name them. */
const wrong: { file: string; source: string; rules: string[] }[] = [
  {
    file: 'packages/interview/src/uses-api.ts',
    source: "export * from '@bot-backend/api';",
    rules: ['layering', 'no-package-imports-app'],
  },
  {
    file: 'packages/interview/src/uses-api.test.ts',
    source: "import '@bot-backend/api';",
    rules: ['no-package-imports-app'],
  },
  {
    file: 'packages/vendors-openai/src/uses-groq.ts',
    source: "export * from '@bot-backend/vendors-groq';",
    rules: ['layering'],
  },
  {
    file: 'packages/interfaces/src/uses-audio.ts',
    source: "import type { Audio } from '../../audio/src/index.js';\nexport type A = Audio;",
    rules: ['layering', 'relative-import-across-packages'],
  },
  {
    file: 'packages/vendors-groq/src/reads-settings.ts',
    source: "export * from '@bot-backend/config';",
    rules: ['settings-only-in-apps'],
  },
  {
    file: 'packages/factory/src/reaches-in.ts',
    source: "export * from '../../vendors-openai/src/index.js';",
    rules: ['relative-import-across-packages'],
  },
  {
    file: 'apps/api/src/uses-testkit.ts',
    source: "export * from '@bot-backend/testkit';",
    rules: ['production-imports-dev-dependency', 'test-only-package-in-production'],
  },
  {
    file: 'apps/api/src/uses-test-support.ts',
    source: "export * from './test-helper.js';",
    rules: ['test-support-in-production'],
  },
  {
    file: 'apps/api/src/uses-dev-dependency.ts',
    source: "export * from 'left-pad';",
    rules: ['production-imports-dev-dependency'],
  },
  {
    file: 'packages/voice/src/undeclared.ts',
    source: "export * from 'left-pad';",
    rules: ['not-declared'],
  },
  {
    file: 'packages/voice/src/unlinked.ts',
    source: "export * from '@bot-backend/factory';",
    rules: ['not-resolvable'],
  },
];

/** Imports the layering allows: they must pass. */
const allowed: Record<string, string> = {
  'apps/api/src/index.ts': "export * from '@bot-backend/factory';\nexport * from '@bot-backend/interview';",
  'apps/api/src/test-helper.ts': "export * from '@bot-backend/testkit';",
  'apps/api/src/routes.test.ts': "import '@bot-backend/testkit';\nimport 'left-pad';",
  'apps/api/src/delivery/dev-stack.ts': "import '@bot-backend/testkit';",
  'tools/sim/src/index.ts': "export * from '@bot-backend/api';\nexport * from '@bot-backend/testkit';",
  'packages/factory/src/index.ts':
    "export * from '@bot-backend/vendors-openai';\nexport * from '@bot-backend/config';",
  'packages/interview/src/index.ts': "export * from '@bot-backend/voice';",
  'packages/audio/src/index.ts': "export type { Audio } from '@bot-backend/interfaces';",
  'packages/interfaces/src/index.ts': 'export type Audio = Uint8Array;',
};

let root: string;

function write(file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

function link(from: string, name: string, target: string): void {
  const at = join(root, from, 'node_modules', name);
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(relative(dirname(at), join(root, target)), at);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'boundaries-'));
  write('tsconfig.base.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', strict: true } }));
  write('node_modules/left-pad/package.json', JSON.stringify({ name: 'left-pad', main: 'index.js' }));
  write('node_modules/left-pad/index.js', 'export default (s) => s;\n');
  for (const pkg of packages) {
    const deps = Object.fromEntries((pkg.dependencies ?? []).map((d) => [d, 'workspace:^']));
    const devDeps = Object.fromEntries((pkg.devDependencies ?? []).map((d) => [d, 'workspace:^']));
    write(
      `${pkg.dir}/package.json`,
      JSON.stringify({
        name: pkg.name,
        type: 'module',
        exports: { '.': { '@bot-backend/source': './src/index.ts' } },
        dependencies: deps,
        devDependencies: devDeps,
      }),
    );
    for (const dep of [...(pkg.dependencies ?? []), ...(pkg.devDependencies ?? [])]) {
      const target = dep === 'left-pad' ? 'node_modules/left-pad' : packages.find((p) => p.name === dep)?.dir;
      if (!target) throw new Error(`no package ${dep} in the fixture`);
      link(pkg.dir, dep, target);
    }
    write(`${pkg.dir}/src/index.ts`, 'export const here = true;\n');
  }
  for (const [file, text] of Object.entries(allowed)) write(file, `${text}\n`);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

async function cruise(): Promise<Violation[]> {
  const run = promisify(execFile);
  // Exit code 0 with no violations, the number of errors otherwise; the JSON is on stdout either way.
  const { stdout } = await run(
    depcruise,
    ['--config', config, '--output-type', 'json', 'packages', 'apps', 'tools'],
    { cwd: root, maxBuffer: 64 * 1024 * 1024, timeout: CRUISE_MS },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    if (!error.stdout) throw new Error(`depcruise failed: ${error.stderr}`);
    return { stdout: error.stdout };
  });
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const byFile = (violations: Violation[]) => {
  const found: Record<string, string[]> = {};
  for (const v of violations) found[v.from] = [...new Set([...(found[v.from] ?? []), v.rule.name])].sort();
  return found;
};

describe('the import-boundary check of `pnpm lint`', { timeout: CRUISE_MS * 2 + 10_000 }, () => {
  it('passes a workspace whose imports follow the layers', async () => {
    expect(await cruise()).toEqual([]);
  });

  it('reports each wrong import under its rule, and nothing else', async () => {
    for (const { file, source } of wrong) write(file, `${source}\n`);
    try {
      const expected = Object.fromEntries(wrong.map(({ file, rules }) => [file, [...rules].sort()]));
      expect(byFile(await cruise())).toEqual(expected);
    } finally {
      for (const { file } of wrong) rmSync(join(root, file));
    }
  });
});

describe('the layers', () => {
  it('place every package of this workspace, so none goes unchecked', () => {
    const unplaced = workspacePackages(repoRoot).filter((pkg) => layerOf(pkg.dir) < 0);
    expect(unplaced.map((pkg) => pkg.dir)).toEqual([]);
  });
});
