import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const packageIndex = pathToFileURL(fileURLToPath(new URL('../index.ts', import.meta.url))).href;

/**
 * In a fresh process (this one may have the compiler loaded already): whether the TypeScript
 * compiler is in Node's module cache after importing the package, then after `step`.
 */
function compilerLoaded(step: string): { afterImport: boolean; afterStep: boolean } {
  const script = `
    import { createRequire } from 'node:module';
    const cache = createRequire(import.meta.url).cache;
    const loaded = () => Object.keys(cache).some((path) => /[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/.test(path));
    const pkg = await import(${JSON.stringify(packageIndex)});
    const afterImport = loaded();
    ${step}
    console.log(JSON.stringify({ afterImport, afterStep: loaded() }));
  `;
  const out = execFileSync(
    process.execPath,
    ['--conditions=@bot-backend/source', '--import', tsxLoader, '--input-type=module', '-e', script],
    { encoding: 'utf8', timeout: 60_000 },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
}

describe('the TypeScript compiler behind JavaScript and TypeScript answers', () => {
  it('is not loaded by importing the package, only by the first such answer', () => {
    // The answer is read as before: it parses, defines its entry point, and has its loop.
    const facts = compilerLoaded(`
      const js = pkg.analyzeCode('function f(a) { for (const x of a) {} return a; }', 'javascript', 'f');
      if (!js.parses || !js.definesEntryPoint || js.loopDepth !== 1) throw new Error(JSON.stringify(js));
    `);
    expect(facts).toEqual({ afterImport: false, afterStep: true });
  });

  it('is loaded by preloadCodeAnalysis, for a server to load it once it listens', () => {
    expect(compilerLoaded('pkg.preloadCodeAnalysis();')).toEqual({ afterImport: false, afterStep: true });
  });

  it('a Python answer alone never loads it', () => {
    expect(compilerLoaded("pkg.analyzeCode('def f(x):\\n    return x', 'python');")).toEqual({
      afterImport: false,
      afterStep: false,
    });
  });
});
