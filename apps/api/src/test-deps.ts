import type { AppDeps } from './deps.js';
import { inProcessDeps } from './in-process-deps.js';

/** Real dependencies for createApp in tests, with the log lines kept in memory. */
export function testDeps(
  env: Record<string, string> = {},
): AppDeps & { logLines: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  return {
    ...inProcessDeps({ env: { LOG_LEVEL: 'info', ...env }, onLogLine: (line) => lines.push(line) }),
    logLines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
