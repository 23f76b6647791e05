export { BufferedSttSession, type TranscribeTurn } from './buffered-stt-session.js';
export { type CallControl, startCall } from './call-control.js';
export { PartQueue } from './part-queue.js';
export { type HeaderSource, parseRetryAfter } from './retry-after.js';
