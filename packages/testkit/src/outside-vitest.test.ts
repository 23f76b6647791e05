import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

// The bench and the sim start fakes outside a test run: the package's root must
// load without vitest's runner (hook helpers live under `@bot-backend/testkit/vitest`).
it('the package root loads in a plain Node process, outside vitest', () => {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const entry = pathToFileURL(fileURLToPath(new URL('./index.ts', import.meta.url))).href;
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      tsx,
      '-e',
      `const m = await import(${JSON.stringify(entry)}); console.log(typeof m.freePort);`,
    ],
    { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '' } },
  );
  expect(out.trim()).toBe('function');
}, 90_000);
