import { createJudge0Sandbox, createSandbox } from '@bot-backend/sandbox';
import type { AppDeps } from '../deps.js';
import { sandboxMetrics } from './sandbox-metrics.js';

/**
 * Builds the code sandbox from the settings. `SANDBOX_MODE=none`: no sandbox,
 * code is judged by reading. `confined`: a supervisor process starts (once
 * the server listens, or at the first run) and probes its confinement once; the start-up log and /readyz say whether code
 * can run and, when it cannot, why. Nothing falls back to weaker isolation.
 * `SANDBOX_URL` sends code to a Judge0 CE server instead, with the same limits.
 */
export function startSandbox(deps: AppDeps): { probe(): void } {
  const { settings, logger } = deps;
  const mode = settings.SANDBOX_MODE ?? 'confined';
  if (mode === 'none') {
    logger.info({ sandbox: { mode } }, 'code execution off: code answers are judged by reading only');
    return { probe: () => {} };
  }
  const metrics = sandboxMetrics(deps.metrics.registry);
  const limits = {
    perTestMs: settings.SANDBOX_TEST_TIMEOUT_MS,
    totalMs: settings.SANDBOX_TOTAL_TIMEOUT_MS,
    memoryMb: settings.SANDBOX_MEMORY_MB,
    outputBytes: settings.SANDBOX_OUTPUT_BYTES,
    maxConcurrent: settings.SANDBOX_MAX_CONCURRENT,
    maxQueued: settings.SANDBOX_MAX_QUEUED,
    pythonPath: settings.SANDBOX_PYTHON,
  };
  if (settings.SANDBOX_URL) {
    const sandbox = createJudge0Sandbox(
      { url: settings.SANDBOX_URL, authToken: settings.SANDBOX_AUTH_TOKEN, limits },
      { onExecution: metrics.onExecution },
    );
    metrics.observe(sandbox);
    deps.sandbox = sandbox;
    // Only the origin: a URL may carry credentials, which are never logged.
    const judge0 = new URL(settings.SANDBOX_URL).origin;
    return {
      probe: () =>
        logger.info({ sandbox: { mode: 'judge0', judge0 } }, 'code answers run on a Judge0 server'),
    };
  }
  const sandbox = createSandbox(
    { ...limits, bwrapPath: settings.SANDBOX_BWRAP },
    {
      onExecution: metrics.onExecution,
      onSupervisor: (event) => {
        metrics.onSupervisor(event);
        if (event.type === 'exited' && !event.restarting)
          logger.info(
            { sandbox: { code: event.code, signal: event.signal } },
            'code sandbox supervisor stopped',
          );
        else if (event.type === 'exited') {
          logger.error(
            { sandbox: { code: event.code, signal: event.signal, failedRuns: event.failedRuns } },
            'code sandbox supervisor stopped; restarting it',
          );
        }
      },
    },
  );
  metrics.observe(sandbox);
  deps.sandbox = sandbox;
  const ready = () => sandbox.ready?.() ?? Promise.resolve({ ok: true });
  deps.readiness.register('sandbox', async () => {
    const status = await ready();
    return status.ok ? { ok: true } : { ok: false, reason: `code execution unavailable: ${status.reason}` };
  });
  deps.lifecycle.onShutdown('sandbox', () => sandbox.close?.());
  return {
    // Called once the server listens, so the supervisor's start does not slow the API's.
    probe: () =>
      void ready().then((status) => {
        if (status.ok) logger.info({ sandbox: { mode } }, 'code execution ready (confined)');
        else logger.error({ sandbox: { mode, reason: status.reason } }, 'code execution unavailable');
      }),
  };
}
