export { toLiveKitError } from './livekit-errors.js';
export { fromLiveKitFrame, toLiveKitFrame } from './livekit-frames.js';
export {
  chatContextToMessages,
  LiveKitLlm,
  type LiveKitLlmOptions,
  LiveKitLlmStream,
} from './livekit-llm.js';
export { LiveKitSpeechStream, LiveKitStt, type LiveKitSttOptions } from './livekit-stt.js';
export {
  LiveKitChunkedStream,
  LiveKitSynthesizeStream,
  LiveKitTts,
  type LiveKitTtsOptions,
} from './livekit-tts.js';
