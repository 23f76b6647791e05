import { capReport } from './bounded-report.js';
import type { ConfinementStatus } from './confinement/confinement-probe.js';
import { runJavaScript } from './javascript-runner.js';
import { runPython } from './python-runner.js';
import type { SandboxLimits } from './sandbox-limits.js';
import type { RunReport, RunRequest } from './sandbox-types.js';
import { SandboxUnavailableError } from './sandbox-unavailable-error.js';

/**
 * The runners as the supervisor process uses them: JavaScript and TypeScript
 * in isolates of this process, Python confined by bubblewrap, or refused with
 * the probe's reason when confinement is not available (never run without it).
 * Every report is capped at `reportBytes`.
 */
export function createLocalRunner(limits: SandboxLimits, python: ConfinementStatus) {
  return async (request: RunRequest): Promise<RunReport> => {
    let report: RunReport;
    if (request.language === 'python') {
      if (!python.ok)
        throw new SandboxUnavailableError(`Python code execution is unavailable: ${python.reason}`);
      report = await runPython(request, limits, python.confinement);
    } else {
      report = await runJavaScript(request, limits);
    }
    return capReport(report, limits.reportBytes);
  };
}
