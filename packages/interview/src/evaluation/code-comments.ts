import type { CodeLanguage } from './evaluation-schemas.js';

export interface CodeSpan {
  start: number;
  end: number;
  text: string;
}

// Comments and string literals, where a candidate can talk to the grader.
const patterns: Record<'hash' | 'slash', RegExp> = {
  hash: /#[^\n]*|"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/gu,
  slash: /\/\/[^\n]*|\/\*[\s\S]*?\*\/|`(?:\\.|[^`\\])*`|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/gu,
};

/** Comments and strings of the code, in order, for the non-answer detectors. */
export function commentsAndStrings(code: string, language: CodeLanguage): CodeSpan[] {
  const pattern = language === 'python' || language === 'ruby' ? patterns.hash : patterns.slash;
  return [...code.matchAll(pattern)].map((m) => ({
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
    text: m[0],
  }));
}

/** True when nothing but whitespace and comments remains. */
export function isEmptyCode(code: string, language: CodeLanguage): boolean {
  const withoutComments =
    language === 'python' || language === 'ruby'
      ? code.replace(/#[^\n]*/gu, '')
      : code.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//gu, '');
  return withoutComments.trim().length === 0;
}
