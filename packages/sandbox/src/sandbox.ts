import { ExecutionQueue } from './execution-queue.js';
import { type SandboxLimitsInput, sandboxLimitsSchema } from './sandbox-limits.js';
import { type RunReport, type RunRequest, runRequestSchema, type SandboxLanguage } from './sandbox-types.js';
import {
  type SandboxStatus,
  SupervisorClient,
  type SupervisorEvent,
} from './supervisor/supervisor-client.js';

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
  /** Whether code can run here, and if not why; waits for the start-up probe. */
  ready?(): Promise<SandboxStatus>;
  /** Stops whatever runs the code (a supervisor process, connections). */
  close?(): Promise<void>;
}

/**
 * The code sandbox: one bounded queue in front of a supervisor process that
 * runs every execution (JavaScript/TypeScript in isolates, Python under
 * bubblewrap). Throws SandboxBusyError when the queue is full and
 * SandboxUnavailableError when code cannot run (with the reason).
 */
export function createSandbox(
  limitsInput: SandboxLimitsInput = {},
  hooks: {
    onExecution?: (event: ExecutionEvent) => void;
    onSupervisor?: (event: SupervisorEvent) => void;
  } = {},
): Sandbox {
  const limits = sandboxLimitsSchema.parse(limitsInput);
  const queue = new ExecutionQueue(limits.maxConcurrent, limits.maxQueued);
  const supervisor = new SupervisorClient(limits, hooks.onSupervisor);
  return {
    async run(input) {
      const request = runRequestSchema.parse(input);
      let report: RunReport;
      try {
        report = await queue.run(() => supervisor.run(request));
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
    ready: () => supervisor.ready(),
    close: () => supervisor.close(),
  };
}

function outcomeOf(report: RunReport): ExecutionOutcome {
  if (report.passed === report.total) return 'passed';
  if (report.results.some((r) => r.status === 'timeout')) return 'timeout';
  if (report.compileError || report.results.every((r) => r.status === 'error')) return 'error';
  return 'failed';
}
