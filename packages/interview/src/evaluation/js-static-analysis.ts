import { createRequire } from 'node:module';
import type TypeScript from 'typescript';
import type { CodeFacts } from './code-static-analysis.js';

// The TypeScript compiler is 9 MB of CommonJS, about half a second to load: it loads at the first
// JavaScript or TypeScript answer (or preloadCodeAnalysis), not when a process imports this package.
let ts: typeof TypeScript;
const loadCompiler = (): typeof TypeScript =>
  (ts ??= createRequire(import.meta.url)('typescript') as typeof TypeScript);

/** Loads what analyzing JavaScript and TypeScript answers needs now, so the first such answer does not wait for it. */
export function preloadCodeAnalysis(): void {
  loadCompiler();
}

const iteratingMethods = new Set([
  'forEach',
  'map',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'flatMap',
]);
// Linear scans hidden in a call: inside a loop they add a level.
const scanningMethods = new Set(['includes', 'indexOf', 'lastIndexOf', 'splice', 'shift', 'unshift']);

function isLoop(node: TypeScript.Node): boolean {
  if (
    ts.isForStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isWhileStatement(node) ||
    ts.isDoStatement(node)
  ) {
    return true;
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const name = node.expression.name.text;
    return (
      iteratingMethods.has(name) &&
      node.arguments.some((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a))
    );
  }
  return false;
}

function isScan(node: TypeScript.Node): boolean {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    scanningMethods.has(node.expression.name.text)
  );
}

function declaredName(node: TypeScript.Node): string | undefined {
  if (
    (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isClassDeclaration(node)) &&
    node.name &&
    ts.isIdentifier(node.name)
  ) {
    return node.name.text;
  }
  if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) return node.name.text;
  if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name)) return node.name.text;
  if (ts.isShorthandPropertyAssignment(node)) return node.name.text;
  return undefined;
}

/** JavaScript and TypeScript, read with TypeScript's own parser. */
export function analyzeJavaScript(
  code: string,
  language: 'javascript' | 'typescript',
  entryPoint?: string,
): CodeFacts {
  loadCompiler();
  const fileName = language === 'typescript' ? 'answer.ts' : 'answer.js';
  const syntax = ts.transpileModule(code, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, allowJs: true },
  });
  const syntaxErrors = (syntax.diagnostics ?? []).map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, ' '),
  );
  const source = ts.createSourceFile(
    fileName,
    code,
    ts.ScriptTarget.Latest,
    true,
    language === 'typescript' ? ts.ScriptKind.TS : ts.ScriptKind.JS,
  );

  let loopDepth = 0;
  let sorts = false;
  let recursive = false;
  let allocates = false;
  let returnsValue = false;
  let definesEntryPoint = false;
  let longestFunctionLines = 0;
  const identifiers: string[] = [];
  const functionNames: string[] = [];

  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const visit = (node: TypeScript.Node, depth: number) => {
    const name = declaredName(node);
    if (name !== undefined && name === entryPoint) definesEntryPoint = true;
    const isFunction = ts.isFunctionLike(node) && 'body' in node && node.body !== undefined;
    if (isFunction) {
      longestFunctionLines = Math.max(
        longestFunctionLines,
        lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1,
      );
      if (ts.isArrowFunction(node) && !ts.isBlock(node.body)) returnsValue = true;
    }
    if (ts.isIdentifier(node)) identifiers.push(node.text);
    if (ts.isReturnStatement(node) && node.expression) returnsValue = true;
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'sort') sorts = true;
      if (ts.isIdentifier(callee) && functionNames.includes(callee.text)) recursive = true;
    }
    if (ts.isNewExpression(node) || ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node)) {
      allocates = true;
    }
    const here = isLoop(node) ? depth + 1 : isScan(node) && depth > 0 ? depth + 1 : depth;
    loopDepth = Math.max(loopDepth, here);
    const named = isFunction ? (name ?? functionNameFromParent(node)) : undefined;
    if (named) functionNames.push(named);
    ts.forEachChild(node, (child) => visit(child, here));
    if (named) functionNames.pop();
  };
  visit(source, 0);

  const lines = code.split('\n');
  const commentLines = lines.filter((l) => /^\s*(?:\/\/|\/\*|\*)/u.test(l)).length;
  const body = code.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//gu, '');
  return {
    parses: syntaxErrors.length === 0,
    syntaxErrors,
    definesEntryPoint: entryPoint === undefined ? undefined : definesEntryPoint,
    loopDepth,
    sorts,
    recursive,
    allocates,
    returnsValue,
    stub:
      !returnsValue && /\b(?:TODO|not implemented)\b/iu.test(code)
        ? true
        : /^\s*(?:function[^{]*\{\s*\}\s*)?$/u.test(body),
    identifiers,
    lines: lines.length,
    commentLines,
    longLines: lines.filter((l) => l.length > 100).length,
    longestFunctionLines,
  };
}

function functionNameFromParent(node: TypeScript.Node): string | undefined {
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}
