import { evaluateCodeExample as code, evaluateExample as verbal } from '@bot-backend/api';

/** The requests of the evaluation throughput runs (the README's examples). */
export interface EvaluationCase {
  route: '/v1/evaluate' | '/v1/evaluate-code';
  path: 'rubric' | 'llm';
  connections: number;
  /** The LLM fake's own latency on this path (0 for the rubric). */
  fakeLatencyMs: number;
  body: unknown;
}

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
