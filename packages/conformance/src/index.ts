export type {
  AvatarConformanceHarness,
  CreateOptions,
  FakeControls,
  LlmConformanceHarness,
  SttConformanceHarness,
  TtsConformanceHarness,
} from './harness.js';
