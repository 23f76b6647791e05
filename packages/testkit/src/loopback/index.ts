export { fixtureReader, sseDataChunks } from './fixtures.js';
export { freePort } from './free-port.js';
export { type HttpErrorCase, httpErrorCases } from './http-error-cases.js';
export { shapeDifferences } from './json-shape.js';
export { startLoopbackServer } from './loopback-server.js';
export type {
  DelayFault,
  DropFault,
  Fault,
  FaultMatch,
  LoopbackServer,
  PathMatcher,
  RecordedRequest,
  RouteHandler,
  StallFault,
  StatusFault,
  WsHandler,
  WsRouteOptions,
} from './loopback-types.js';
export { PacedSchedule } from './paced-schedule.js';
export { processAlive } from './process-alive.js';
export { type SseEvent, type SseWriter, sendJson, sseResponse } from './sse-response.js';
export { collectStream, readStream, waitUntil } from './stream-helpers.js';
export { toneFrames } from './tone-frames.js';
export { vadWindows } from './vad-windows.js';
export { readWsJson, type WsJson, wsBytes } from './ws-json.js';
