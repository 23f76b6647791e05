import { ExecutionQueue } from './execution-queue.js';
import { runJavaScript } from './javascript-runner.js';
import { runPython } from './python-runner.js';
import { type SandboxLimitsInput, sandboxLimitsSchema } from './sandbox-limits.js';
import { type RunReport, type RunRequest, runRequestSchema, type SandboxLanguage } from './sandbox-types.js';

export type ExecutionOutcome = 'passed' | 'failed' | 'error' | 'timeout' | 'rejected';

export interface ExecutionEvent {
  language: SandboxLanguage;
  outcome: ExecutionOutcome;
  ms: number;
  passed: number;
  total: number;
}

export interface Sandbox {
  run(request: RunRequest): Promise<RunReport>;
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
  const queue = new ExecutionQueue(limits.maxConcurrent, limits.maxQueued);
  return {
    async run(input) {
      const request = runRequestSchema.parse(input);
      let report: RunReport;
      try {
        report = await queue.run(() =>
          request.language === 'python' ? runPython(request, limits) : runJavaScript(request, limits),
        );
      } catch (error) {
        hooks.onExecution?.({ language: request.language, outcome: 'rejected', ms: 0, passed: 0, total: 0 });
        throw error;
      }
      hooks.onExecution?.({
        language: request.language,
        outcome: outcomeOf(report),
        ms: report.totalMs,
        passed: report.passed,
        total: report.total,
      });
      return report;
    },
    stats: () => ({ queued: queue.depth, running: queue.active }),
  };
}

function outcomeOf(report: RunReport): ExecutionOutcome {
  if (report.passed === report.total) return 'passed';
  if (report.results.some((r) => r.status === 'timeout')) return 'timeout';
  if (report.compileError || report.results.every((r) => r.status === 'error')) return 'error';
  return 'failed';
}
