export {
  type Judge0Fake,
  type Judge0FakeOptions,
  type Judge0FakeSubmissionRecord,
  startJudge0Fake,
} from './judge0-fake.js';
export {
  type Judge0FakeConfig,
  type Judge0FakeLanguage,
  type Judge0StatusId,
  judge0DefaultConfig,
  judge0DefaultLanguages,
  judge0Statuses,
} from './judge0-fake-config.js';
export {
  type ExecutionTools,
  type FakeRuntime,
  fakeCanRun,
  fakeRuntimeMissing,
  type Judge0Outcome,
} from './judge0-fake-execution.js';
export type { Judge0Submission } from './judge0-fake-validation.js';
