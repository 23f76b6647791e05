import type { CodeFacts } from './code-static-analysis.js';
import type { CodeQuestion } from './evaluation-schemas.js';

export interface RubricCodeResult {
  score: number;
  correctness: number;
  quality: number;
  complexity: string;
  spaceComplexity: string;
  feedback: string;
  strengths: string[];
  improvements: string[];
}

/**
 * Without running the code, correctness can only be judged by its shape, so
 * the static rubric never gives full correctness: 7 is the most that reading
 * alone can justify.
 */
export const STATIC_CORRECTNESS_MAX = 7;

const conventionalShortNames = new Set([
  'i',
  'j',
  'k',
  'n',
  'm',
  'x',
  'y',
  'a',
  'b',
  '_',
  'l',
  'r',
  'lo',
  'hi',
  'dp',
  'id',
]);

/** "O(n^2)" from nesting, "O(n log n)" when sorting dominates. */
export function complexityFromFacts(facts: CodeFacts): { time: string; rank: number } {
  if (facts.loopDepth >= 2) return { time: `O(n^${facts.loopDepth})`, rank: facts.loopDepth + 1 };
  if (facts.sorts) return { time: 'O(n log n)', rank: 2 };
  if (facts.loopDepth === 1) return { time: 'O(n)', rank: 1 };
  if (facts.recursive) return { time: 'depends on the recursion', rank: 2 };
  return { time: 'O(1)', rank: 0 };
}

function parseRank(expected: string | undefined): number | undefined {
  if (!expected) return undefined;
  const e = expected.replace(/\s+/gu, '').toLowerCase();
  if (e === 'o(1)') return 0;
  if (e === 'o(logn)') return 0;
  if (e === 'o(n)') return 1;
  if (e === 'o(nlogn)') return 2;
  const power = e.match(/^o\(n\^(\d)\)$/u)?.[1];
  return power ? Number(power) + 1 : undefined;
}

/** The static code rubric: does it parse, define the entry point, return something; nesting; readability. */
export function rubricEvaluateCode(
  question: CodeQuestion,
  facts: CodeFacts,
  /** Results of running the code against the question's tests, when it was run. */
  tests?: { passed: number; total: number } | undefined,
): RubricCodeResult {
  const ran = tests !== undefined && tests.total > 0;
  const strengths: string[] = [];
  const improvements: string[] = [];
  const complexity = complexityFromFacts(facts);

  let correctness = STATIC_CORRECTNESS_MAX;
  if (facts.stub) correctness = 0;
  else if (facts.parses === false) correctness = 1;
  else {
    if (facts.definesEntryPoint === false) correctness = Math.min(correctness, 3);
    if (!facts.returnsValue) correctness = Math.min(correctness, 4);
  }
  // Running the tests says more than reading: the pass rate is the correctness.
  if (ran && !facts.stub) correctness = Math.round((10 * tests.passed) / tests.total);
  if (facts.parses === true) strengths.push('Parses.');
  if (facts.parses === false)
    improvements.push(`Fix the syntax: ${facts.syntaxErrors[0] ?? 'it does not parse'}.`);
  if (facts.definesEntryPoint === true) strengths.push(`Defines ${question.entryPoint}.`);
  if (facts.definesEntryPoint === false) improvements.push(`Define ${question.entryPoint}.`);
  if (facts.stub) improvements.push('Replace the placeholder with a solution.');
  else if (!facts.returnsValue) improvements.push('Return the result.');

  const expectedRank = parseRank(question.expectedComplexity);
  const efficiency =
    expectedRank !== undefined
      ? complexity.rank <= expectedRank
        ? 10
        : Math.max(1, 10 - 4 * (complexity.rank - expectedRank))
      : complexity.rank <= 2
        ? 10
        : complexity.rank === 3
          ? 5
          : 2;
  if (efficiency === 10) strengths.push(`Runs in ${complexity.time}.`);
  else improvements.push(`Runs in ${complexity.time}; look for a faster approach.`);

  let quality = 10;
  const names = [...new Set(facts.identifiers)].filter(
    (n) => !/^(?:self|this|true|false|None|null|undefined)$/u.test(n),
  );
  const cryptic = names.filter((n) => n.length <= 2 && !conventionalShortNames.has(n.toLowerCase()));
  if (names.length > 0 && cryptic.length / names.length > 0.3) {
    quality -= 3;
    improvements.push('Use descriptive names.');
  } else if (names.length > 0) {
    strengths.push('Readable names.');
  }
  if (facts.longLines > 0) quality -= 1;
  if (facts.longestFunctionLines > 60) {
    quality -= 2;
    improvements.push('Split the long function.');
  }
  if (facts.loopDepth >= 3) quality -= 1;
  if (facts.lines > 30 && facts.commentLines === 0) quality -= 1;
  if (facts.parses === false) quality = Math.min(quality, 3);
  if (facts.stub) quality = Math.min(quality, 2);
  quality = Math.max(0, quality);

  const space = facts.allocates ? 'O(n)' : 'O(1)';
  const score = facts.stub ? 0 : Math.round(0.55 * correctness + 0.3 * efficiency + 0.15 * quality);
  const feedback = [
    facts.parses === false ? 'The code does not parse.' : '',
    facts.definesEntryPoint === false ? `${question.entryPoint} is not defined.` : '',
    facts.stub ? 'Only a placeholder was submitted.' : `Time ${complexity.time}, space ${space}.`,
    ran ? '' : 'Checked by reading only; not run.',
  ]
    .filter((part) => part.length > 0)
    .join(' ');

  return {
    score,
    correctness,
    quality,
    complexity: complexity.time,
    spaceComplexity: space,
    feedback,
    strengths,
    improvements,
  };
}
