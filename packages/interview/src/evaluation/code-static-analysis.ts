import type { CodeLanguage } from './evaluation-schemas.js';
import { analyzeJavaScript } from './js-static-analysis.js';
import { analyzePython } from './python-static-analysis.js';

/** What reading the code (never running it) tells us. */
export interface CodeFacts {
  /** `undefined` when the language has no parser here. */
  parses: boolean | undefined;
  syntaxErrors: string[];
  /** `undefined` when the question names no entry point. */
  definesEntryPoint: boolean | undefined;
  /** Deepest nesting of loops (higher-order iteration such as `map` counts). */
  loopDepth: number;
  sorts: boolean;
  recursive: boolean;
  /** Allocates a collection that grows with the input. */
  allocates: boolean;
  returnsValue: boolean;
  /** Only a placeholder: `pass`, `TODO`, "not implemented". */
  stub: boolean;
  identifiers: string[];
  lines: number;
  commentLines: number;
  longLines: number;
  longestFunctionLines: number;
}

const cStyleLoop = /\b(?:for|while|foreach)\s*\(/u;

/** A rough reading for languages without a parser here: brace nesting of loops. */
function analyzeOther(code: string, entryPoint: string | undefined): CodeFacts {
  const lines = code.split('\n');
  let depth = 0;
  let loopDepth = 0;
  const loopStack: number[] = [];
  for (const line of lines) {
    if (cStyleLoop.test(line)) {
      loopStack.push(depth);
      loopDepth = Math.max(loopDepth, loopStack.length);
    }
    for (const ch of line) {
      if (ch === '{') depth++;
      if (ch === '}') {
        depth--;
        while (loopStack.length > 0 && (loopStack[loopStack.length - 1] ?? 0) >= depth) loopStack.pop();
      }
    }
  }
  return {
    parses: undefined,
    syntaxErrors: [],
    definesEntryPoint:
      entryPoint === undefined ? undefined : new RegExp(`\\b${entryPoint}\\s*\\(`, 'u').test(code),
    loopDepth,
    sorts: /\bsort\w*\s*\(/u.test(code),
    recursive: false,
    allocates: /\bnew\s+\w*(?:Map|Set|List|\[)|\bmake\s*\(|\bvector</u.test(code),
    returnsValue: /\breturn\b\s*[^;\s]/u.test(code),
    stub: /\b(?:TODO|not implemented|unimplemented!?)\b/iu.test(code) && !/\breturn\b\s*[^;\s]/u.test(code),
    identifiers: [...code.matchAll(/\b[A-Za-z_]\w*\b/gu)].map((m) => m[0]),
    lines: lines.length,
    commentLines: lines.filter((l) => /^\s*(?:\/\/|\/\*|\*|#)/u.test(l)).length,
    longLines: lines.filter((l) => l.length > 100).length,
    longestFunctionLines: lines.length,
  };
}

export function analyzeCode(code: string, language: CodeLanguage, entryPoint?: string): CodeFacts {
  if (language === 'javascript' || language === 'typescript')
    return analyzeJavaScript(code, language, entryPoint);
  if (language === 'python') return analyzePython(code, entryPoint);
  return analyzeOther(code, entryPoint);
}
