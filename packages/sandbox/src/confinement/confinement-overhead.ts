import { runPython } from '../python-runner.js';
import { type SandboxLimitsInput, sandboxLimitsSchema } from '../sandbox-limits.js';
import { probeConfinement } from './confinement-probe.js';

/**
 * Wall times (ms) of `runs` trivial Python runs, one after another: confined
 * exactly as a candidate's program is, or, for comparison only, the same
 * harness started directly with no bubblewrap. For benchmarks: the service
 * itself never runs Python unconfined.
 */
export async function timeTrivialPythonRuns(options: {
  confined: boolean;
  runs: number;
  limits?: SandboxLimitsInput;
}): Promise<number[]> {
  const limits = sandboxLimitsSchema.parse(options.limits ?? {});
  let confinement = null;
  if (options.confined) {
    const status = await probeConfinement(limits);
    if (!status.ok) throw new Error(`confined Python runs are unavailable: ${status.reason}`);
    confinement = status.confinement;
  }
  const request = {
    language: 'python' as const,
    code: 'def add(a, b):\n    return a + b\n',
    entryPoint: 'add',
    tests: [{ args: [1, 2], expected: 3 }],
  };
  const times: number[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    const started = performance.now();
    const report = await runPython(request, limits, confinement);
    times.push(performance.now() - started);
    if (report.passed !== 1)
      throw new Error(`a trivial Python run failed: ${JSON.stringify(report.results[0])}`);
  }
  return times;
}
