// The import boundaries `pnpm lint` checks (dependency-cruiser), from the README's layout:
// interfaces at the bottom, then audio and the other leaf packages, vendor-kit and voice, the
// OpenAI-compatible core, the vendors and interview, the factory, the apps, and the tools (sim, bench) on top. Production
// code imports only packages in layers below its own; test-only packages (testkit, conformance,
// vitest, playwright-core) only from tests; nothing in packages/ imports an app, not even a
// test; every import is declared in the importing package's package.json.
// scripts/test/import-boundaries.test.ts shows each rule failing on a wrong import.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Layers, bottom first, by folder (`*` is any name). A package in none is left unchecked. */
export const layers = [
  ['packages/interfaces'],
  ['packages/audio', 'packages/config', 'packages/sandbox', 'db'],
  [
    'packages/vendor-kit',
    'packages/voice',
    'packages/backend-client',
    'packages/livekit-adapters',
    'packages/conformance',
    'packages/testkit',
  ],
  // The OpenAI-compatible core sits on vendor-kit; vendors-openai and vendors-groq configure it.
  ['packages/openai-compatible'],
  ['packages/vendors-*', 'packages/interview'],
  ['packages/factory'],
  ['apps/*'],
  ['tools/*'],
];

/** Packages whose place is tests: production code never imports them. */
const testOnlyPackages = ['@bot-backend/testkit', '@bot-backend/conformance', 'vitest', 'playwright-core'];
/** Test tooling by design (suites other packages run, the fakes, the tools): may use vitest. */
const testTooling =
  '^(packages/conformance/|packages/sandbox/src/runner-conformance/|packages/testkit/|tools/)';

// Files only tests and development use, never built or shipped (each package's
// tsconfig.build.json `exclude` and package.json `files` leave them out): tests `*.test.ts`, what
// tests share `test-*.ts`, `*.fixture.ts` or a `fixtures/` folder, the dev stacks `dev-stack.ts`.
export const notShipped = '(\\.test\\.ts$|/test-[^/]+\\.ts$|\\.fixture\\.ts$|/fixtures/|/dev-stack\\.ts$)';

/** Every workspace package under `root`: its folder and its name. */
export function workspacePackages(root) {
  return ['packages', 'apps', 'tools']
    .filter((group) => existsSync(join(root, group)))
    .flatMap((group) => readdirSync(join(root, group)).map((name) => `${group}/${name}`))
    .concat(['db'])
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({ dir, name: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name }));
}

const escapeRe = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The index in `layers` of a package folder, or -1. */
export function layerOf(dir) {
  return layers.findIndex((layer) =>
    layer.some((glob) => new RegExp(`^${escapeRe(glob).replace('\\*', '[^/]+')}$`).test(dir)),
  );
}

/** Modules of these packages, reached by name (a workspace link) or by a relative path. */
function modulesOf(pkgs) {
  if (pkgs.length === 0) return '^$';
  const dirs = pkgs.map((p) => escapeRe(p.dir)).join('|');
  const names = pkgs.map((p) => escapeRe(p.name)).join('|');
  return `(^(${dirs})/|/node_modules/(${names})/)`;
}

function layerRules(pkgs) {
  return pkgs
    .filter((pkg) => layerOf(pkg.dir) >= 0)
    .map((pkg) => {
      const layer = layerOf(pkg.dir);
      const notBelow = pkgs.filter((other) => other !== pkg && layerOf(other.dir) >= layer);
      return {
        name: 'layering',
        severity: 'error',
        comment: `${pkg.name} is in layer ${layer + 1} of ${layers.length} (${layers[layer].join(', ')}): its code imports only packages in lower layers (the README's layout).`,
        from: { path: `^${escapeRe(pkg.dir)}/`, pathNot: notShipped },
        to: { path: modulesOf(notBelow) },
      };
    });
}

/** The rules for the workspace at `root`. */
export function boundaryRules(root) {
  const pkgs = workspacePackages(root);
  const appsAndTools = pkgs.filter((p) => /^(apps|tools)\//.test(p.dir));
  return [
    ...layerRules(pkgs),
    {
      name: 'no-package-imports-app',
      severity: 'error',
      comment:
        'Nothing in packages/ or db/ imports an app or a tool, not even a test: move the shared code into a package.',
      from: { path: '^(packages|db)/' },
      to: { path: modulesOf(appsAndTools) },
    },
    {
      name: 'settings-only-in-apps',
      severity: 'error',
      comment:
        'Only the apps read settings (packages/config), and the factory turns them into providers; other packages take what they need as arguments.',
      from: { path: '^packages/', pathNot: `^packages/(config|factory)/|${notShipped}` },
      to: { path: modulesOf(pkgs.filter((p) => p.dir === 'packages/config')) },
    },
    {
      name: 'test-only-package-in-production',
      severity: 'error',
      comment: `${testOnlyPackages.join(', ')} are for tests: import them from *.test.ts, test-*.ts, *.fixture.ts or dev-stack.ts only.`,
      from: { pathNot: `${notShipped}|${testTooling}` },
      to: { path: `/node_modules/(${testOnlyPackages.map(escapeRe).join('|')})/` },
    },
    {
      name: 'test-support-in-production',
      severity: 'error',
      comment:
        'Production code imports no test, test support, fixture or dev stack: those are not built or shipped.',
      from: { pathNot: notShipped },
      to: { path: notShipped },
    },
    {
      name: 'relative-import-across-packages',
      severity: 'error',
      comment: 'Another package is imported by its name, so the dependency is declared in package.json.',
      from: { path: '^(packages/[^/]+|apps/[^/]+|tools/[^/]+|db)/' },
      to: { path: '^(packages|apps|tools|db)/', pathNot: '^$1/' },
    },
    {
      name: 'not-declared',
      severity: 'error',
      comment: "A package the importing package's package.json does not declare: add it to its dependencies.",
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-resolvable',
      severity: 'error',
      comment:
        'An import that does not resolve: a missing file, or a package not declared and so not linked.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'production-imports-dev-dependency',
      severity: 'error',
      comment:
        'Production code imports a package declared only in devDependencies, which `pnpm deploy --prod` and installs of the published package leave out: declare it in dependencies (or peerDependencies).',
      from: { pathNot: notShipped },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['npm', 'npm-peer', 'npm-optional'] },
    },
  ];
}

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  // The workspace cruised is the folder `depcruise` runs in: the repository root for `pnpm lint`.
  forbidden: boundaryRules(process.cwd()),
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|results|coverage|test-artifacts)/' },
    // Workspace packages are reached through their node_modules links, so each import is typed
    // against the importing package's own package.json (npm, npm-dev, npm-no-pkg…).
    preserveSymlinks: true,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // Workspace packages resolve to their TypeScript sources, as in the tests and `pnpm start`.
      conditionNames: ['@bot-backend/source', 'import', 'node', 'types', 'default'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
