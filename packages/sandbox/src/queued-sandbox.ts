import { ExecutionQueue } from './execution-queue.js';
import type { ExecutionEvent, ExecutionOutcome, Sandbox } from './sandbox.js';
import type { SandboxLimits } from './sandbox-limits.js';
import { type RunnableLanguage, type RunReport, type RunRequest, runRequestSchema } from './sandbox-types.js';
import { SandboxUnavailableError } from './sandbox-unavailable-error.js';

export type Execute = (request: RunRequest, signal: AbortSignal | undefined) => Promise<RunReport>;

/**
 * What every runner shares: the request validated, one bounded queue in front
 * of `execute` (SandboxBusyError when full), an event per execution, and
 * cancellation: an aborted caller is answered at once, and a run still
 * waiting for a slot never starts. `execute` gets the signal to stop its own
 * work where it can.
 */
export function createQueuedSandbox(
  limits: SandboxLimits,
  hooks: { onExecution?: ((event: ExecutionEvent) => void) | undefined },
  languages: readonly RunnableLanguage[],
  execute: Execute,
): Sandbox {
  const queue = new ExecutionQueue(limits.maxConcurrent, limits.maxQueued);
  return {
    languages,
    async run(input, options = {}) {
      const { signal } = options;
      const request = runRequestSchema.parse(input);
      if (!languages.includes(request.language)) {
        throw new SandboxUnavailableError(`this sandbox does not run ${request.language}`);
      }
      signal?.throwIfAborted();
      let report: RunReport;
      try {
        report = await abortable(
          queue.run(() => {
            signal?.throwIfAborted();
            return execute(request, signal);
          }),
          signal,
        );
      } catch (error) {
        if (!signal?.aborted) {
          hooks.onExecution?.({
            language: request.language,
            outcome: 'rejected',
            ms: 0,
            passed: 0,
            total: 0,
          });
        }
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

function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  // The work goes on to its own end (its limits bound it); a rejection after the abort is not unhandled.
  work.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function outcomeOf(report: RunReport): ExecutionOutcome {
  if (report.passed === report.total) return 'passed';
  if (report.results.some((r) => r.status === 'timeout')) return 'timeout';
  if (report.compileError || report.results.every((r) => r.status === 'error')) return 'error';
  return 'failed';
}
