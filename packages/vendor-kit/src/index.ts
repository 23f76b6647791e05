export { BufferedSttSession, type TranscribeTurn } from './buffered-stt-session.js';
export { type CallControl, type StopReason, startCall, stopError } from './call-control.js';
export {
  closeCodeTable,
  httpVendorError,
  kindForCloseCode,
  kindForStatus,
  refusedUpgradeError,
  upgradeRefusalStatus,
} from './http-status.js';
export { createNodeFetch, type NodeFetchOptions, nodeFetch } from './node-fetch.js';
export { PartQueue } from './part-queue.js';
export { PcmOutput } from './pcm-output.js';
export { isQuiet, type QuietBatching, QuietRun } from './quiet-batching.js';
export {
  type ReconnectingSttConfig,
  ReconnectingSttSession,
  type SttConnection,
  type TranscriptFields,
} from './reconnecting-stt-session.js';
export { RetainedAudio } from './retained-audio.js';
export { type HeaderSource, parseRetryAfter } from './retry-after.js';
export { endsSentence } from './sentence.js';
export { type SentencePacedTtsConfig, SentencePacedTtsSession } from './sentence-paced-tts-session.js';
export { SentenceTtsSession, type SynthesizeText } from './sentence-tts-session.js';
export * from './settings.js';
export { defaultSpeechPeak, type SpeechBatching, SpeechRun } from './speech-batching.js';
