import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { int16ToBytesLE, msToSamples, sine, wavHeader } from '@bot-backend/audio';
import type { AudioFrame } from '@bot-backend/interfaces';
import type { WebSocket } from 'ws';
import type { RecordedRequest } from '../loopback/loopback-types.js';
import { sendJson } from '../loopback/sse-response.js';
import { readWsJson } from '../loopback/ws-json.js';
import type { DeepgramFakeContext, Json } from './deepgram-fake-context.js';
import { auraModelProblem, errorBody, SPEAK_TEXT_LIMIT } from './deepgram-fake-rules.js';
import { fakeId } from './scripted-words.js';

/**
 * Aura text-to-speech in the Deepgram fake: `POST /v1/speak` and the
 * `WSS /v1/speak` stream (Speak, Flush, Clear, Close; binary audio, Metadata,
 * Flushed, Cleared, Warning), with Deepgram's per-connection limits.
 */

/** What one Aura streaming connection received. */
export interface DeepgramSpeakConnection {
  request: RecordedRequest;
  /** Every message the client sent, parsed (`Speak`, `Flush`, `Clear`, `Close`). */
  controlMessages: Array<{ type: string; [key: string]: unknown }>;
  /** Every JSON message the fake sent (`Metadata`, `Flushed`, `Cleared`, `Warning`). */
  sent: Json[];
  audioBytesSent: number;
  closedBy: 'client' | 'server' | undefined;
}

/**
 * What the fake Aura says for `text`: `msPerChar` of audio per character, a
 * voiced-sounding 180 Hz tone with a slow envelope, or a pure sine at `toneHz`.
 */
export function speechWaveform(text: string, sampleRate: number, msPerChar = 55, toneHz?: number): Buffer {
  const durationMs = Math.max(200, text.length * msPerChar);
  const frame =
    toneHz === undefined
      ? auraVoice(Math.max(1, msToSamples(durationMs, sampleRate)), sampleRate)
      : sine({ frequencyHz: toneHz, durationMs, sampleRate, amplitude: AMPLITUDE });
  const bytes = int16ToBytesLE(frame.samples);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const AMPLITUDE = 12_000 / 32_767;

/** A 180 Hz tone under a 3 Hz envelope: voiced-sounding, and never silent for long. */
function auraVoice(count: number, sampleRate: number): AudioFrame {
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    const t = i / sampleRate;
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
    samples[i] = Math.round(AMPLITUDE * 32_767 * envelope * Math.sin(2 * Math.PI * 180 * t));
  }
  return { samples, sampleRate };
}

/** `POST /v1/speak`: JSON `{text}`, options in the query, audio streamed back. */
export function speakRestHandler(ctx: DeepgramFakeContext, authorized: (req: RecordedRequest) => boolean) {
  return async (req: RecordedRequest, res: ServerResponse) => {
    if (!authorized(req)) return sendJson(res, 401, errorBody(401));
    const modelProblem = auraModelProblem(req.query);
    if (modelProblem) return sendJson(res, 400, errorBody(400, modelProblem));
    let text: string;
    try {
      const body = JSON.parse(req.body.toString()) as { text?: unknown };
      if (typeof body.text !== 'string' || body.text.length === 0) throw new Error('no text');
      text = body.text;
    } catch {
      return sendJson(res, 400, { err_code: 'INVALID_JSON', err_msg: 'Body must be {"text": "..."}' });
    }
    // The wording is ours; the 2,000-character limit is Deepgram's (vendor-wire.md corrections).
    if ([...text].length > SPEAK_TEXT_LIMIT) {
      return sendJson(res, 400, errorBody(400, `Text exceeds the ${SPEAK_TEXT_LIMIT} character limit.`));
    }
    const encoding = req.query.get('encoding') ?? 'mp3';
    const sampleRate = Number(req.query.get('sample_rate') ?? '24000');
    if (encoding !== 'linear16') {
      return sendJson(res, 400, { err_code: 'UNSUPPORTED', err_msg: 'The fake only speaks linear16.' });
    }
    if (![8000, 16000, 24000, 32000, 48000].includes(sampleRate)) {
      return sendJson(res, 400, { err_code: 'INVALID_QUERY_PARAMETER', err_msg: 'Unsupported sample_rate.' });
    }
    const pcm = speechWaveform(text, sampleRate, ctx.ttsMsPerChar, ctx.ttsToneHz);
    const container = req.query.get('container') ?? 'wav';
    const payload =
      container === 'wav' ? Buffer.concat([wavHeader({ dataBytes: pcm.length, sampleRate }), pcm]) : pcm;
    res.writeHead(200, {
      'content-type': container === 'wav' ? 'audio/wav' : 'audio/l16',
      'dg-request-id': fakeId('request', ctx.nextRequest()),
      'dg-model-name': req.query.get('model') ?? 'aura-2-thalia-en',
      'dg-char-count': String(text.length),
    });
    const pacing = ctx.takePacing();
    const chunkBytes = pacing ? Math.max(2, Math.round((pacing.chunkMs / 1000) * sampleRate) * 2) : 8192;
    for (let at = 0; at < payload.length; at += chunkBytes) {
      if (res.destroyed) return;
      res.write(payload.subarray(at, at + chunkBytes));
      if (pacing) await ctx.sleep(pacing.chunkDelayMs);
    }
    if (!res.destroyed) res.end();
  };
}

/** One `WSS /v1/speak` connection (query already checked at the handshake). */
export function serveSpeakSocket(
  ctx: DeepgramFakeContext,
  socket: WebSocket,
  req: RecordedRequest,
  record: DeepgramSpeakConnection,
): void {
  const sampleRate = Number(req.query.get('sample_rate') ?? '24000');
  const pacing = ctx.takePacing();
  let text = '';
  let sequence = 0;
  /** Bumped by Clear: audio of an older generation is dropped. */
  let generation = 0;
  let work = Promise.resolve();
  let metadataSent = false;
  let closing = false;
  /** When each accepted Flush arrived, for the 20-per-60-s limit. */
  const flushes: number[] = [];

  const sendJsonMessage = (message: Json) => {
    if (socket.readyState !== socket.OPEN) return;
    record.sent.push(message);
    socket.send(JSON.stringify(message));
  };
  const speakOut = async (spoken: string, mine: number): Promise<void> => {
    if (!metadataSent) {
      metadataSent = true;
      sendJsonMessage({
        type: 'Metadata',
        request_id: randomUUID(),
        model_name: req.query.get('model') ?? 'aura-2-thalia-en',
        model_version: '2026-01-01.0',
        model_uuid: fakeId('model', 2),
      });
    }
    if (spoken.length > 0) {
      const pcm = speechWaveform(spoken, sampleRate, ctx.ttsMsPerChar, ctx.ttsToneHz);
      const chunkBytes = pacing ? Math.max(2, Math.round((pacing.chunkMs / 1000) * sampleRate) * 2) : 9600;
      for (let at = 0; at < pcm.length; at += chunkBytes) {
        if (mine !== generation || socket.readyState !== socket.OPEN) return;
        const chunk = pcm.subarray(at, at + chunkBytes);
        record.audioBytesSent += chunk.length;
        socket.send(chunk);
        if (pacing) await ctx.sleep(pacing.chunkDelayMs);
      }
    }
    if (mine === generation) sendJsonMessage({ type: 'Flushed', sequence_id: sequence++ });
  };

  /**
   * "The maximum number of times you can send the Flush message is 20 times every 60 seconds.
   * After that, you will receive a warning message" (developers.deepgram.com/docs/tts-ws-flush).
   * The Flush is then not processed: no audio and no Flushed. The warning code is not documented.
   */
  const flushAllowed = (): boolean => {
    const now = Date.now();
    while (flushes.length > 0 && now - (flushes[0] ?? 0) >= ctx.flushWindowMs) flushes.shift();
    if (flushes.length >= ctx.flushLimit) return false;
    flushes.push(now);
    return true;
  };

  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    const message = readWsJson(socket, data, { code: 1008, reason: 'INVALID_JSON' });
    if (!message) return;
    record.controlMessages.push(message);
    // After Close nothing more is read: the server is finishing and closing.
    if (closing) return;
    if (message.type === 'Speak') {
      if (typeof message.text !== 'string') {
        socket.close(1008, 'DATA-0000');
        return;
      }
      // At most 2,000 characters per Speak (vendor-wire.md corrections); the close reason is ours.
      if ([...message.text].length > SPEAK_TEXT_LIMIT) {
        record.closedBy = 'server';
        socket.close(1008, `Speak text exceeds ${SPEAK_TEXT_LIMIT} characters`);
        return;
      }
      text += message.text;
    } else if (message.type === 'Flush') {
      if (!flushAllowed()) {
        sendJsonMessage({
          type: 'Warning',
          description: `Flush limit of ${ctx.flushLimit} per ${ctx.flushWindowMs / 1000} seconds exceeded; Flush messages are not processed until the window has passed.`,
          code: 'FLUSH_LIMIT_EXCEEDED',
        });
        return;
      }
      const spoken = text;
      text = '';
      const mine = generation;
      work = work.then(() => speakOut(spoken, mine));
    } else if (message.type === 'Clear') {
      generation += 1;
      text = '';
      sendJsonMessage({ type: 'Cleared', sequence_id: sequence++ });
    } else if (message.type === 'Close') {
      closing = true;
      void work.then(() => {
        record.closedBy ??= 'server';
        socket.close(1000);
      });
    } else {
      sendJsonMessage({
        type: 'Warning',
        description: `Unknown message type: ${String(message.type)}`,
        code: 'UNKNOWN_MESSAGE_TYPE',
      });
    }
  });
  socket.on('close', () => {
    generation += 1;
    record.closedBy ??= 'client';
  });
}
