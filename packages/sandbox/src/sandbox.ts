import { createQueuedSandbox } from './queued-sandbox.js';
import { type SandboxLimitsInput, sandboxLimitsSchema } from './sandbox-limits.js';
import {
  type RunnableLanguage,
  type RunOptions,
  type RunReport,
  type RunRequest,
  sandboxLanguages,
} from './sandbox-types.js';
import {
  type SandboxStatus,
  SupervisorClient,
  type SupervisorEvent,
} from './supervisor/supervisor-client.js';

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
  const supervisor = new SupervisorClient(limits, hooks.onSupervisor);
  return {
    ...createQueuedSandbox(limits, hooks, sandboxLanguages, (request) => supervisor.run(request)),
    ready: () => supervisor.ready(),
    close: () => supervisor.close(),
  };
}
