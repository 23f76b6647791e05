/** The requests of the evaluation throughput runs (the README's examples). */
export interface EvaluationCase {
  route: '/v1/evaluate' | '/v1/evaluate-code';
  path: 'rubric' | 'llm';
  connections: number;
  /** The LLM fake's own latency on this path (0 for the rubric). */
  fakeLatencyMs: number;
  body: unknown;
}

const verbal = {
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
};

const code = {
  language: 'python',
  question: {
    id: 'c1',
    prompt: 'Return the indices of the two numbers that add up to target.',
    language: 'python',
    entryPoint: 'two_sum',
    tests: [{ args: [[2, 7, 11, 15], 9], expected: [0, 1] }],
  },
  code: 'def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n',
};

export function evaluationCases(llmLatencyMs: number): EvaluationCase[] {
  return [
    { route: '/v1/evaluate', path: 'rubric', connections: 32, fakeLatencyMs: 0, body: verbal },
    { route: '/v1/evaluate-code', path: 'rubric', connections: 32, fakeLatencyMs: 0, body: code },
    // One connection: what the LLM path adds over the fake's own latency, unqueued.
    { route: '/v1/evaluate', path: 'llm', connections: 1, fakeLatencyMs: llmLatencyMs, body: verbal },
    { route: '/v1/evaluate', path: 'llm', connections: 32, fakeLatencyMs: llmLatencyMs, body: verbal },
    { route: '/v1/evaluate-code', path: 'llm', connections: 32, fakeLatencyMs: llmLatencyMs, body: code },
  ];
}
