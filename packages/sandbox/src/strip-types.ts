import { transform } from 'esbuild';

export type TransformResult = { ok: true; code: string } | { ok: false; error: string };

/**
 * TypeScript loses its types and both languages lose ESM syntax (a script in
 * an isolate has no module loader): `export` becomes `module.exports`, and an
 * `import` becomes a `require` that the isolate does not define.
 */
export async function toIsolateScript(
  code: string,
  language: 'javascript' | 'typescript',
): Promise<TransformResult> {
  try {
    const result = await transform(code, {
      loader: language === 'typescript' ? 'ts' : 'js',
      format: 'cjs',
      target: 'es2022',
      sourcefile: language === 'typescript' ? 'solution.ts' : 'solution.js',
      logLevel: 'silent',
    });
    return { ok: true, code: result.code };
  } catch (error) {
    const errors = (
      error as { errors?: Array<{ text: string; location?: { line: number; column: number } | null }> }
    ).errors;
    const first = errors?.[0];
    const where = first?.location
      ? ` (line ${first.location.line}, column ${first.location.column + 1})`
      : '';
    return { ok: false, error: `syntax error: ${first?.text ?? String(error)}${where}` };
  }
}
