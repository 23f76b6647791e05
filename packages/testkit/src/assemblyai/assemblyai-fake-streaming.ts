import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { pcm16Ms, type ScriptedWord } from '../deepgram/scripted-words.js';
import type { RecordedRequest } from '../loopback/loopback-types.js';
import { readWsJson, wsBytes } from '../loopback/ws-json.js';
import { streamingQueryProblem } from './assemblyai-fake-rules.js';

/**
 * One Universal Streaming v3 connection of the AssemblyAI fake: Begin, partial and
 * final Turns as the received audio covers the script, ForceEndpoint, Terminate,
 * and the close codes of the SDK's src/utils/errors/streaming.ts.
 */

export interface AssemblyAIStreamingConnection {
  request: RecordedRequest;
  /** Text messages the client sent (`ForceEndpoint`, `Terminate`, `KeepAlive`, `UpdateConfiguration`). */
  controlMessages: Array<{ type: string; [key: string]: unknown }>;
  /** Messages the fake sent, parsed. */
  sent: Array<{ type: string; [key: string]: unknown }>;
  audioBytes: number;
  /** Duration of each binary message, ms. */
  chunkMs: number[];
  closedBy: 'client' | 'server' | 'dropped' | undefined;
  closeCode: number | undefined;
}

export interface StreamingUtterance {
  words: ScriptedWord[];
  finalized: boolean;
  /** `end_of_turn_confidence` of the Turn that ends it. */
  endOfTurnConfidence: number;
}

type Json = { type: string; [key: string]: unknown };

export interface StreamingContext {
  utterances: StreamingUtterance[];
  msPerWord: number;
  enforceChunks: boolean;
  /** Audio ms after which the next connection is cut. */
  drops: number[];
  /** Closes scripted for the next connections, right after Begin. */
  serverCloses: Array<{ code: number; reason: string }>;
}

function formatTurn(words: ScriptedWord[]): string {
  return words.map((w) => w.formatted).join(' ');
}

export function runStreaming(
  ctx: StreamingContext,
  socket: WebSocket,
  req: RecordedRequest,
  record: AssemblyAIStreamingConnection,
): void {
  const { utterances, msPerWord, enforceChunks, drops, serverCloses } = ctx;
  const q = req.query;
  const refusal = streamingQueryProblem(q);
  if (refusal) {
    // An Error message, then the close, as for the chunk-duration violation below.
    record.sent.push({ type: 'Error', error_code: refusal.code, error: refusal.reason });
    socket.send(JSON.stringify({ type: 'Error', error_code: refusal.code, error: refusal.reason }));
    record.closedBy = 'server';
    socket.close(refusal.code, refusal.reason);
    return;
  }
  const sampleRate = Number(q.get('sample_rate') ?? '16000');
  const formatTurns = q.get('format_turns') === 'true';
  // Turn detection (assemblyai.com/docs/streaming/universal-streaming/turn-detection): a turn ends
  // when end_of_turn_confidence reaches end_of_turn_confidence_threshold (default 0.4) after
  // min_turn_silence ms (default 400), or after max_turn_silence ms (default 1280) whatever the
  // confidence. `min_end_of_turn_silence_when_confident` is the older name the SDK now sends as min_turn_silence.
  const minTurnSilence = Number(q.get('min_turn_silence') ?? '400');
  const maxTurnSilence = Number(q.get('max_turn_silence') ?? '1280');
  const confidenceThreshold = Number(q.get('end_of_turn_confidence_threshold') ?? '0.4');
  const dropAt = drops.shift();
  const scriptedClose = serverCloses.shift();
  const startedAt = Date.now();
  let receivedMs = 0;
  let turnOrder = 0;
  let cursorMs: number | undefined;
  let heardSent = 0;
  let closed = false;

  const send = (message: Json): void => {
    if (closed) return;
    record.sent.push(message);
    socket.send(JSON.stringify(message));
  };

  const timedWords = (utterance: StreamingUtterance) => {
    const start = cursorMs ?? receivedMs;
    return utterance.words.map((w, i) => ({
      ...w,
      start: Math.round(start + i * msPerWord),
      end: Math.round(start + i * msPerWord + msPerWord * 0.8),
    }));
  };

  /**
   * A Turn message. In a partial the last word is still open: `word_is_final: false`,
   * and `transcript` holds only the finalized words before it ("Each message return
   * finalizes words as they come through. Finalized words appear in the transcript field",
   * docs/streaming/universal-streaming/message-sequence). At the end of the turn every word is final.
   */
  const turn = (
    words: Array<ScriptedWord & { start: number; end: number }>,
    endOfTurn: boolean,
    formatted: boolean,
    confidence: number,
  ): Json => {
    const finalCount = endOfTurn ? words.length : words.length - 1;
    const text = (w: ScriptedWord) => (formatted ? w.formatted : w.plain);
    return {
      type: 'Turn',
      turn_order: turnOrder,
      turn_is_formatted: formatted,
      end_of_turn: endOfTurn,
      transcript: formatted ? formatTurn(words) : words.slice(0, finalCount).map(text).join(' '),
      end_of_turn_confidence: confidence,
      words: words.map((w, i) => ({
        start: w.start,
        end: w.end,
        text: text(w),
        confidence: 0.9,
        word_is_final: i < finalCount,
      })),
      utterance: endOfTurn && !formatted ? words.map((w) => w.plain).join(' ') : '',
    };
  };

  const endTurn = (
    utterance: StreamingUtterance,
    words: Array<ScriptedWord & { start: number; end: number }>,
  ): void => {
    send(turn(words, true, false, utterance.endOfTurnConfidence));
    if (formatTurns) send(turn(words, true, true, utterance.endOfTurnConfidence));
    utterance.finalized = true;
    utterances.shift();
    turnOrder += 1;
    cursorMs = undefined;
    heardSent = 0;
  };

  const onAudio = (chunkStartMs: number): void => {
    const utterance = utterances[0];
    if (!utterance) return;
    if (cursorMs === undefined) cursorMs = chunkStartMs;
    const words = timedWords(utterance);
    const heard = words.filter((w) => w.end <= receivedMs);
    if (heard.length > heardSent) {
      heardSent = heard.length;
      // Mid-speech the model is not confident the turn is over.
      send(turn(heard, false, false, 0.05));
    }
    const last = words[words.length - 1];
    const silenceNeeded =
      utterance.endOfTurnConfidence >= confidenceThreshold ? minTurnSilence : maxTurnSilence;
    if (last && heard.length === words.length && receivedMs >= last.end + silenceNeeded)
      endTurn(utterance, words);
  };

  /** ForceEndpoint / Terminate: the current turn ends now, its words sharing the audio that came. */
  const forceEnd = (): void => {
    const utterance = utterances[0];
    if (!utterance || cursorMs === undefined) return;
    const start = cursorMs;
    const span = Math.max(receivedMs - start, utterance.words.length);
    const slot = span / utterance.words.length;
    endTurn(
      utterance,
      utterance.words.map((w, i) => ({
        ...w,
        start: Math.round(start + i * slot),
        end: Math.round(start + i * slot + slot * 0.8),
      })),
    );
  };

  send({ type: 'Begin', id: randomUUID(), expires_at: Math.floor(Date.now() / 1000) + 3600 });
  if (scriptedClose) {
    record.closedBy = 'server';
    setImmediate(() => socket.close(scriptedClose.code, scriptedClose.reason));
    return;
  }

  socket.on('message', (data, isBinary) => {
    if (closed) return;
    if (isBinary) {
      const bytes = wsBytes(data);
      const ms = pcm16Ms(bytes.length, sampleRate);
      record.chunkMs.push(ms);
      if (enforceChunks && (ms < 50 - 0.01 || ms > 1000 + 0.01)) {
        send({ type: 'Error', error_code: 3007, error: 'Input duration violation: 50 ms to 1000 ms' });
        record.closedBy = 'server';
        socket.close(3007, 'Input Duration Violation');
        return;
      }
      record.audioBytes += bytes.length;
      const chunkStartMs = receivedMs;
      receivedMs += ms;
      onAudio(chunkStartMs);
      if (dropAt !== undefined && receivedMs >= dropAt) {
        record.closedBy = 'dropped';
        closed = true;
        setImmediate(() => socket.terminate());
      }
      return;
    }
    const message = readWsJson(socket, data, { code: 3006, reason: 'Invalid Message' });
    if (!message) return;
    record.controlMessages.push(message);
    if (message.type === 'ForceEndpoint') forceEnd();
    if (message.type === 'Terminate') {
      forceEnd();
      send({
        type: 'Termination',
        audio_duration_seconds: Math.round(receivedMs / 1000),
        session_duration_seconds: Math.round((Date.now() - startedAt) / 1000),
      });
      record.closedBy = 'server';
      socket.close(1000);
    }
  });
  socket.on('close', (code) => {
    closed = true;
    record.closeCode = code;
    record.closedBy ??= 'client';
  });
}
