import type { z } from 'zod';
import type { boundedCodeEvaluationRequestSchema, verbalEvaluationBodySchema } from './evaluate-schemas.js';

// The README's example requests, shared by the route's tests and the bench (which measures with
// them, so a change here changes its figures): valid bodies, checked against the schemas here.

/** A POST /v1/evaluate body: a question with expected keywords and an answer that covers them. */
export const evaluateExample = {
  role: 'backend',
  experienceLevel: 'mid',
  question: {
    id: 'q1',
    text: 'What is the difference between a process and a thread?',
    expectedKeywords: ['memory', 'context switch'],
    minWords: 8,
  },
  answer:
    'A process has its own memory space, while threads share the memory of their process. Because of that, a context switch between threads is cheaper: for example, the page tables stay the same.',
} satisfies z.input<typeof verbalEvaluationBodySchema>;

/** A POST /v1/evaluate-code body: a linear two-sum in Python, with one test case. */
export const evaluateCodeExample = {
  language: 'python',
  question: {
    id: 'c1',
    prompt: 'Return the indices of the two numbers that add up to target.',
    language: 'python',
    entryPoint: 'two_sum',
    tests: [{ args: [[2, 7, 11, 15], 9], expected: [0, 1] }],
  },
  code: 'def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n',
} satisfies z.input<typeof boundedCodeEvaluationRequestSchema>;
