import { runJavaScript } from './javascript-runner.js';
import { runPython } from './python-runner.js';
import { createQueuedSandbox } from './queued-sandbox.js';
import { type SandboxLimitsInput, sandboxLimitsSchema } from './sandbox-limits.js';
import {
  type RunnableLanguage,
  type RunOptions,
  type RunReport,
  type RunRequest,
  sandboxLanguages,
} from './sandbox-types.js';

export type ExecutionOutcome = 'passed' | 'failed' | 'error' | 'timeout' | 'rejected';

export interface ExecutionEvent {
  language: RunnableLanguage;
  outcome: ExecutionOutcome;
  ms: number;
  passed: number;
  total: number;
}

export interface Sandbox {
  /** The languages it runs; a request in another is refused. */
  readonly languages: readonly RunnableLanguage[];
  run(request: RunRequest, options?: RunOptions): Promise<RunReport>;
  /** Executions waiting for a slot, and running. */
  stats(): { queued: number; running: number };
}

/**
 * The code sandbox: one bounded queue in front of the JavaScript/TypeScript
 * isolate runner and the Python process runner. Throws SandboxBusyError when
 * the queue is full.
 */
export function createSandbox(
  limitsInput: SandboxLimitsInput = {},
  hooks: { onExecution?: (event: ExecutionEvent) => void } = {},
): Sandbox {
  const limits = sandboxLimitsSchema.parse(limitsInput);
  return createQueuedSandbox(limits, hooks, sandboxLanguages, (request) =>
    request.language === 'python' ? runPython(request, limits) : runJavaScript(request, limits),
  );
}
