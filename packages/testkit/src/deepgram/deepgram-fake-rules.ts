import { randomUUID } from 'node:crypto';
import type { RecordedRequest, StatusFault } from '../loopback/loopback-types.js';

/**
 * What Deepgram checks before it accepts a listen or speak request, and the
 * errors it answers. From Deepgram's pages and the SDK's own enums
 * (@deepgram/sdk 5.13.0 dist/cjs/api/types), not from our client.
 */

/** Deepgram's REST error body (vendor-wire.md section 3, run against the SDK). */
const errorBodies: Record<number, { err_code: string; err_msg: string }> = {
  400: { err_code: 'Bad Request', err_msg: 'Bad Request: failed to process audio.' },
  401: { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' },
  402: { err_code: 'ASR_PAYMENT_REQUIRED', err_msg: 'Project does not have enough credits.' },
  403: { err_code: 'INSUFFICIENT_PERMISSIONS', err_msg: 'Insufficient permissions.' },
  429: { err_code: 'TOO_MANY_REQUESTS', err_msg: 'Too many requests. Please try again later.' },
  500: { err_code: 'INTERNAL_SERVER_ERROR', err_msg: 'Internal server error.' },
  503: { err_code: 'SERVICE_UNAVAILABLE', err_msg: 'Service unavailable.' },
};

export interface DeepgramErrorBody {
  err_code: string;
  err_msg: string;
  request_id: string;
}

export function errorBody(status: number, message?: string): DeepgramErrorBody {
  const known = errorBodies[status] ?? { err_code: 'ERROR', err_msg: `Status ${status}` };
  return { ...known, ...(message ? { err_msg: message } : {}), request_id: randomUUID() };
}

/**
 * A refused WebSocket handshake: the status, the error in the `dg-error` header and the
 * request id in `dg-request-id` (developers.deepgram.com/changelog/2022/11/8).
 */
export function handshakeRefusal(status: number, message?: string): StatusFault {
  const body = errorBody(status, message);
  return {
    status,
    headers: { 'dg-error': JSON.stringify(body), 'dg-request-id': body.request_id },
    body,
  };
}

/** `ListenV1Model` (SDK api/types/ListenV1Model.d.ts), plus the Nova-2 options it leaves out that developers.deepgram.com/docs/model lists (phonecall, atc). */
const listenModels = new Set([
  'nova-3',
  'nova-3-general',
  'nova-3-medical',
  'nova-2',
  'nova-2-general',
  'nova-2-meeting',
  'nova-2-finance',
  'nova-2-conversationalai',
  'nova-2-voicemail',
  'nova-2-video',
  'nova-2-medical',
  'nova-2-drivethru',
  'nova-2-phonecall',
  'nova-2-atc',
  'nova-2-automotive',
  'nova',
  'nova-general',
  'nova-phonecall',
  'nova-medical',
  'enhanced',
  'enhanced-general',
  'enhanced-meeting',
  'enhanced-phonecall',
  'enhanced-finance',
  'base',
  'meeting',
  'phonecall',
  'finance',
  'conversationalai',
  'voicemail',
  'video',
]);

/** `ListenV1Encoding` (SDK api/types/ListenV1Encoding.d.ts). */
const listenEncodings = new Set([
  'linear16',
  'linear32',
  'flac',
  'alaw',
  'mulaw',
  'amr-nb',
  'amr-wb',
  'opus',
  'ogg-opus',
  'speex',
  'g729',
]);

/** Containerless encodings that need `sample_rate` (developers.deepgram.com/docs/sample-rate). */
const rawEncodings = new Set([
  'linear16',
  'linear32',
  'alaw',
  'mulaw',
  'amr-nb',
  'amr-wb',
  'speex',
  'g729',
  'opus',
]);

const booleanParams = ['interim_results', 'vad_events', 'smart_format', 'punctuate', 'diarize', 'numerals'];

/**
 * The query of a live `/v1/listen` (or prerecorded) request, checked as Deepgram
 * does; a message naming the first problem, or undefined when it is acceptable.
 */
export function listenQueryProblem(query: URLSearchParams, live: boolean): string | undefined {
  const model = query.get('model');
  if (model !== null && !listenModels.has(model)) return `Unknown model: ${model}.`;
  const encoding = query.get('encoding');
  if (encoding !== null && !listenEncodings.has(encoding)) return `Unsupported encoding: ${encoding}.`;
  const sampleRate = query.get('sample_rate');
  if (sampleRate !== null && !/^[1-9]\d*$/.test(sampleRate)) return 'sample_rate must be a positive integer.';
  // docs/sample-rate: required with raw encodings; AMR takes one rate each.
  if (live && encoding !== null && rawEncodings.has(encoding) && sampleRate === null) {
    return `sample_rate is required with encoding=${encoding}.`;
  }
  if (encoding === 'amr-nb' && sampleRate !== '8000') return 'amr-nb requires sample_rate=8000.';
  if (encoding === 'amr-wb' && sampleRate !== '16000') return 'amr-wb requires sample_rate=16000.';
  const channels = query.get('channels');
  if (channels !== null && !/^[1-9]\d*$/.test(channels)) return 'channels must be a positive integer.';
  for (const name of booleanParams) {
    const value = query.get(name);
    if (value !== null && value !== 'true' && value !== 'false') return `${name} must be true or false.`;
  }
  // docs/endpointing: milliseconds, or false to turn it off.
  const endpointing = query.get('endpointing');
  if (endpointing !== null && endpointing !== 'false' && !/^\d+$/.test(endpointing)) {
    return 'endpointing must be a number of milliseconds or false.';
  }
  // docs/utterance-end: needs interim_results=true, and at least 1000 ms.
  const utteranceEnd = query.get('utterance_end_ms');
  if (utteranceEnd !== null) {
    if (query.get('interim_results') !== 'true') return 'utterance_end_ms requires interim_results=true.';
    if (!/^\d+$/.test(utteranceEnd) || Number(utteranceEnd) < 1000)
      return 'utterance_end_ms must be at least 1000.';
  }
  // docs/keyterm: Nova-3 takes keyterm; keywords is for older models.
  if (query.has('keywords') && model?.startsWith('nova-3'))
    return 'Keywords are not supported on Nova-3; use keyterm.';
  return undefined;
}

/** Aura voices: `aura-<name>-<lang>` and `aura-2-<name>-<lang>` (SDK api/types/SpeakV1Model.d.ts). */
const auraModel = /^aura-(2-)?[a-z]+-[a-z]{2}$/;
/** `SpeakV1Encoding` and `SpeakV1SampleRate` (SDK api/types): what the speak websocket streams. */
const speakEncodings = new Set(['linear16', 'mulaw', 'alaw']);
const speakRates = new Set(['8000', '16000', '24000', '32000', '48000']);
/** mulaw and alaw at 8 or 16 kHz only (stated for Flux /v2/speak in docs/flux-tts/feature-overview; assumed for /v1). */
const g711Rates = new Set(['8000', '16000']);

/** The voice of a speak request (REST or websocket); a problem, or undefined. */
export function auraModelProblem(query: URLSearchParams): string | undefined {
  const model = query.get('model');
  return model !== null && !auraModel.test(model) ? `Unknown model: ${model}.` : undefined;
}

/** The query of `WSS /v1/speak`; a problem, or undefined. */
export function speakQueryProblem(query: URLSearchParams): string | undefined {
  const modelProblem = auraModelProblem(query);
  if (modelProblem) return modelProblem;
  const encoding = query.get('encoding') ?? 'linear16';
  if (!speakEncodings.has(encoding)) return `Unsupported encoding for streaming: ${encoding}.`;
  const sampleRate = query.get('sample_rate') ?? '24000';
  if (!speakRates.has(sampleRate)) return `Unsupported sample_rate: ${sampleRate}.`;
  if (encoding !== 'linear16' && !g711Rates.has(sampleRate))
    return `${encoding} takes sample_rate 8000 or 16000.`;
  return undefined;
}

/** Characters one `Speak` message (or one REST request) may carry (vendor-wire.md corrections, 2026-12-01). */
export const SPEAK_TEXT_LIMIT = 2000;

export function authorizedBy(apiKey: string) {
  return (req: RecordedRequest): boolean => req.headers.authorization === `Token ${apiKey}`;
}
