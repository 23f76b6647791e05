import type { ExecutionEvent, Sandbox, SupervisorEvent } from '@bot-backend/sandbox';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Executions by language and outcome, time used, and the queue, in /metrics. */
export function sandboxMetrics(registry: Registry) {
  const executions = new Counter({
    name: 'sandbox_executions_total',
    help: 'Code executions by language and outcome (passed, failed, error, timeout, rejected)',
    labelNames: ['language', 'outcome'],
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'sandbox_execution_seconds',
    help: 'Wall time of one code execution (all its tests)',
    labelNames: ['language'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const restarts = new Counter({
    name: 'sandbox_supervisor_exits_total',
    help: 'Times the code sandbox supervisor process stopped unexpectedly (it is restarted; its runs in flight fail)',
    registers: [registry],
  });
  let source: Sandbox | undefined;
  new Gauge({
    name: 'sandbox_queue_depth',
    help: 'Code executions waiting for a slot',
    registers: [registry],
    collect() {
      this.set(source?.stats().queued ?? 0);
    },
  });
  new Gauge({
    name: 'sandbox_running',
    help: 'Code executions running now',
    registers: [registry],
    collect() {
      this.set(source?.stats().running ?? 0);
    },
  });
  return {
    observe(sandbox: Sandbox) {
      source = sandbox;
    },
    onSupervisor(event: SupervisorEvent) {
      if (event.type === 'exited' && event.restarting) restarts.inc();
    },
    onExecution(event: ExecutionEvent) {
      executions.inc({ language: event.language, outcome: event.outcome });
      if (event.outcome !== 'rejected') seconds.observe({ language: event.language }, event.ms / 1000);
    },
  };
}
