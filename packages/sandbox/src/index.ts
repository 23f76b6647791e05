export { type CompareOptions, valuesEqual } from './compare-values.js';
export { timeTrivialPythonRuns } from './confinement/confinement-overhead.js';
export { deniedCalls, seccompFilter } from './confinement/seccomp-filter.js';
export { ExecutionQueue, SandboxBusyError } from './execution-queue.js';
export { isolatesAvailable } from './javascript-runner.js';
export { SandboxRemoteError, type SandboxRemoteErrorKind } from './judge0/judge0-errors.js';
export {
  createJudge0Sandbox,
  type Judge0SandboxOptions,
  judge0SandboxOptionsSchema,
} from './judge0/judge0-sandbox.js';
export { createSandbox, type ExecutionEvent, type ExecutionOutcome, type Sandbox } from './sandbox.js';
export { type SandboxLimits, type SandboxLimitsInput, sandboxLimitsSchema } from './sandbox-limits.js';
export {
  type RunnableLanguage,
  type RunOptions,
  type RunReport,
  type RunRequest,
  runnableLanguages,
  runRequestSchema,
  type SandboxLanguage,
  sandboxLanguages,
  type TestCase,
  type TestResult,
  type TestStatus,
  testCaseSchema,
} from './sandbox-types.js';
export { SandboxUnavailableError } from './sandbox-unavailable-error.js';
export type { SandboxStatus, SupervisorEvent } from './supervisor/supervisor-client.js';
