import type { CodeFacts } from './code-static-analysis.js';

const blockOpener =
  /^(?:async\s+)?(?:def|class|if|elif|else|for|while|try|except|finally|with|match|case)\b/u;
const loopLine = /^(?:async\s+)?(?:for|while)\b/u;
const comprehension = /[[({][^\]})]*\bfor\b[^\]})]*\bin\b/u;

interface Line {
  indent: number;
  text: string;
  number: number;
}

/**
 * Removes string literals and comments so that brackets and keywords inside
 * them do not count; reports a string that never ends.
 */
function stripLiterals(code: string): { text: string; errors: string[] } {
  let out = '';
  const errors: string[] = [];
  let i = 0;
  while (i < code.length) {
    const ch = code[i] ?? '';
    if (ch === '#') {
      while (i < code.length && code[i] !== '\n') i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const triple = code.slice(i, i + 3) === ch.repeat(3);
      const quote = triple ? ch.repeat(3) : ch;
      let j = i + quote.length;
      let closed = false;
      while (j < code.length) {
        if (code[j] === '\\') {
          j += 2;
          continue;
        }
        if (!triple && code[j] === '\n') break;
        if (code.slice(j, j + quote.length) === quote) {
          closed = true;
          break;
        }
        j++;
      }
      if (!closed) {
        errors.push(`unterminated string on line ${code.slice(0, i).split('\n').length}`);
        j = code.length;
      }
      // Keep the line count: a triple-quoted string may span lines.
      out += `""${'\n'.repeat((code.slice(i, j).match(/\n/gu) ?? []).length)}`;
      i = j + quote.length;
      continue;
    }
    out += ch;
    i++;
  }
  return { text: out, errors };
}

/** Python, read structurally: no parser, but brackets, blocks, indentation and loops. */
export function analyzePython(code: string, entryPoint?: string): CodeFacts {
  const stripped = stripLiterals(code);
  const errors = [...stripped.errors];
  const rawLines = stripped.text.split('\n');
  const lines: Line[] = [];
  let mixedIndent = false;
  rawLines.forEach((raw, index) => {
    if (raw.trim().length === 0) return;
    const lead = raw.match(/^[ \t]*/u)?.[0] ?? '';
    if (lead.includes(' ') && lead.includes('\t')) mixedIndent = true;
    lines.push({ indent: lead.replace(/\t/gu, '    ').length, text: raw.trim(), number: index + 1 });
  });
  if (mixedIndent) errors.push('tabs and spaces mixed in indentation');

  // Brackets balance, and continuation lines inside brackets are not blocks.
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const logical: Line[] = [];
  for (const line of lines) {
    if (stack.length === 0) logical.push(line);
    for (const ch of line.text) {
      if (ch === '(' || ch === '[' || ch === '{') stack.push(ch);
      else if (ch in pairs) {
        if (stack.pop() !== pairs[ch]) errors.push(`unbalanced "${ch}" on line ${line.number}`);
      }
    }
  }
  if (stack.length > 0) errors.push(`"${stack[stack.length - 1]}" never closed`);

  logical.forEach((line, index) => {
    if (!blockOpener.test(line.text)) return;
    const joined = line.text.replace(/\s+/gu, ' ');
    if (!/:\s*(?:\S.*)?$/u.test(joined)) errors.push(`line ${line.number}: block without ":"`);
    const next = logical[index + 1];
    const inlineBody = /:\s*\S/u.test(joined.replace(/\[[^\]]*\]|\([^)]*\)|\{[^}]*\}/gu, ''));
    if (!inlineBody && /:\s*$/u.test(joined) && (!next || next.indent <= line.indent)) {
      errors.push(`line ${line.number}: expected an indented block`);
    }
  });

  // Loop nesting from indentation; a comprehension is a loop one level deeper.
  let loopDepth = 0;
  const loopIndents: number[] = [];
  for (const line of logical) {
    while (loopIndents.length > 0 && (loopIndents[loopIndents.length - 1] ?? 0) >= line.indent)
      loopIndents.pop();
    const here = loopIndents.length + (comprehension.test(line.text) ? 1 : 0);
    if (loopLine.test(line.text)) {
      loopIndents.push(line.indent);
      loopDepth = Math.max(loopDepth, loopIndents.length + (comprehension.test(line.text) ? 1 : 0));
    } else {
      // Linear scans hidden in a call add a level inside a loop.
      const scan =
        loopIndents.length > 0 && /\.(?:index|count|remove)\(|\.pop\(0\)|\.insert\(0/u.test(line.text)
          ? 1
          : 0;
      loopDepth = Math.max(loopDepth, here + scan);
    }
  }

  const defs = [...stripped.text.matchAll(/^([ \t]*)def\s+([A-Za-z_]\w*)\s*\(/gmu)];
  let recursive = false;
  let longestFunctionLines = 0;
  // Line numbers counted once, front to back (defs come in order).
  let countedTo = 0;
  let startLine = 1;
  for (const def of defs) {
    const name = def[2] ?? '';
    const indent = (def[1] ?? '').length;
    for (let i = countedTo; i < (def.index ?? 0); i++) if (stripped.text[i] === '\n') startLine++;
    countedTo = def.index ?? 0;
    const body = logical.filter((l) => l.number > startLine);
    const end = body.findIndex((l) => l.indent <= indent);
    const bodyLines = end === -1 ? body : body.slice(0, end);
    longestFunctionLines = Math.max(longestFunctionLines, bodyLines.length + 1);
    if (bodyLines.some((l) => new RegExp(`\\b${name}\\s*\\(`, 'u').test(l.text))) recursive = true;
  }

  const codeLines = code.split('\n');
  const logicalText = logical.map((l) => l.text).join('\n');
  const returnsValue = /^return\s+\S|^yield\b|lambda\b/mu.test(logicalText);
  return {
    parses: errors.length === 0,
    syntaxErrors: errors,
    definesEntryPoint: entryPoint === undefined ? undefined : defs.some((d) => d[2] === entryPoint),
    loopDepth,
    sorts: /\bsorted\s*\(|\.sort\s*\(|\bheapq\./u.test(stripped.text),
    recursive,
    allocates: /\b(?:dict|set|list|defaultdict|Counter|deque)\s*\(|=\s*(?:\{|\[)/u.test(stripped.text),
    returnsValue,
    stub: !returnsValue && /^(?:pass|\.\.\.|raise NotImplementedError\b.*)$/mu.test(logicalText),
    identifiers: [...stripped.text.matchAll(/\b[A-Za-z_]\w*\b/gu)].map((m) => m[0]),
    lines: codeLines.length,
    commentLines: codeLines.filter((l) => /^\s*#/u.test(l)).length,
    longLines: codeLines.filter((l) => l.length > 100).length,
    longestFunctionLines,
  };
}
