export { CLEAR_BUDGET_MS, describeAudioSinkConformance } from './audio-sink-conformance.js';
export { describeAvatarConformance } from './avatar-conformance.js';
export type {
  AudioSinkConformanceHarness,
  AudioSinkUnderTest,
  AvatarConformanceHarness,
  CreateOptions,
  FakeControls,
  LlmConformanceHarness,
  SttConformanceHarness,
  TtsConformanceHarness,
} from './harness.js';
export { fakeControls } from './harness.js';
export { describeLlmConformance } from './llm-conformance.js';
export { describeSttConformance } from './stt-conformance.js';
export { normalizeText } from './support/speech.js';
export { describeTtsConformance } from './tts-conformance.js';
