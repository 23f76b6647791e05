import { randomUUID } from 'node:crypto';
import { bytesLEToInt16, rms } from '@bot-backend/audio';
import { withFields } from '@bot-backend/interfaces';
import type { WebSocket } from 'ws';
import type { RecordedRequest } from '../loopback/loopback-types.js';
import { vadWindows } from '../loopback/vad-windows.js';
import { readWsJson, wsBytes } from '../loopback/ws-json.js';
import {
  type DeepgramFakeContext,
  isTrue,
  type Json,
  modelInfo,
  round3,
  type Utterance,
} from './deepgram-fake-context.js';
import { fakeId, pcm16Ms, type ScriptedWord } from './scripted-words.js';

/**
 * One live `WSS /v1/listen` connection of the Deepgram fake: `Results` (interim
 * and final, `speech_final` at the endpoint), `SpeechStarted`, `UtteranceEnd`,
 * `Metadata`, KeepAlive / Finalize / CloseStream, and the NET-0001 idle close.
 */

/** What one live connection received, for wire assertions. */
export interface DeepgramLiveConnection {
  request: RecordedRequest;
  /** Every text message the client sent, parsed (`KeepAlive`, `Finalize`, `CloseStream`). */
  controlMessages: Array<{ type: string; [key: string]: unknown }>;
  /** Every message the fake sent, parsed. */
  sent: Array<{ type: string; [key: string]: unknown }>;
  audioBytes: number;
  /** The size (bytes) of every audio message, in order. */
  audioMessages: number[];
  /** Who ended it: `client`, `server` (CloseStream, idle timeout), `dropped` (fault). */
  closedBy: 'client' | 'server' | 'dropped' | undefined;
  closeCode: number | undefined;
}

export function runLiveConnection(
  ctx: DeepgramFakeContext,
  socket: WebSocket,
  req: RecordedRequest,
  record: DeepgramLiveConnection,
): void {
  const { utterances, msPerWord, wordsPerFinal, silenceThreshold, idleTimeoutMs, drops, timers } = ctx;
  const q = req.query;
  const sampleRate = Number(q.get('sample_rate') ?? '16000');
  const model = q.get('model') ?? 'base';
  const formatted = isTrue(q.get('punctuate')) || isTrue(q.get('smart_format'));
  const interim = isTrue(q.get('interim_results'));
  const vadEvents = isTrue(q.get('vad_events'));
  const endpointingParam = q.get('endpointing');
  const endpointingMs = endpointingParam === 'false' ? undefined : Number(endpointingParam ?? '10');
  const utteranceEndMs = q.get('utterance_end_ms') ? Number(q.get('utterance_end_ms')) : undefined;
  const dropAt = drops.shift();
  const requestId = randomUUID();

  let receivedMs = 0;
  /** Where the current utterance's next unfinalized word starts, ms on this connection. */
  let cursorMs: number | undefined;
  let segmentStartMs = 0;
  let speechStartedSent = false;
  let lastInterimCount = 0;
  let pendingUtteranceEnd: { dueMs: number; lastWordEnd: number } | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const send = (message: Json): void => {
    if (closed) return;
    record.sent.push(message);
    socket.send(JSON.stringify(message));
  };

  const results = (
    words: Array<ScriptedWord & { start: number; end: number }>,
    flags: { isFinal: boolean; speechFinal: boolean; fromFinalize: boolean },
    spanStartMs: number,
    spanEndMs: number,
  ): Json => ({
    type: 'Results',
    channel_index: [0, 1],
    duration: round3((spanEndMs - spanStartMs) / 1000),
    start: round3(spanStartMs / 1000),
    is_final: flags.isFinal,
    speech_final: flags.speechFinal,
    from_finalize: flags.fromFinalize,
    channel: {
      alternatives: [
        {
          transcript: words.map((w) => (formatted ? w.formatted : w.plain)).join(' '),
          confidence: words.length > 0 ? 0.98 : 0,
          words: words.map((w) => ({
            word: w.plain,
            start: round3(w.start / 1000),
            end: round3(w.end / 1000),
            confidence: 0.99,
            ...(formatted ? { punctuated_word: w.formatted } : {}),
          })),
        },
      ],
    },
    metadata: { request_id: requestId, model_info: modelInfo(model), model_uuid: fakeId('model', 1) },
  });

  /** The UtteranceEnd that is due (or pending, on a flush), once. */
  const sendUtteranceEnd = (): void => {
    if (!pendingUtteranceEnd) return;
    send({
      type: 'UtteranceEnd',
      channel: [0, 1],
      last_word_end: round3(pendingUtteranceEnd.lastWordEnd / 1000),
    });
    pendingUtteranceEnd = undefined;
  };

  /** The current utterance's unfinalized words, timed from cursorMs, `msPerWord` each. */
  const pendingWords = (utterance: Utterance) => {
    const start = cursorMs ?? receivedMs;
    const perWord = utterance.msPerWord ?? msPerWord;
    return utterance.words
      .slice(utterance.finalized)
      .map((w, i) => withFields(w, { start: start + i * perWord, end: start + i * perWord + perWord * 0.8 }));
  };

  const finishUtterance = (): void => {
    utterances.shift();
    cursorMs = undefined;
    speechStartedSent = false;
    lastInterimCount = 0;
  };

  const emitFinal = (
    words: Array<ScriptedWord & { start: number; end: number }>,
    utterance: Utterance | undefined,
    flags: { speechFinal: boolean; fromFinalize: boolean },
    spanEndMs: number,
  ): void => {
    send(results(words, { isFinal: true, ...flags }, segmentStartMs, spanEndMs));
    segmentStartMs = spanEndMs;
    if (utterance) {
      utterance.finalized += words.length;
      cursorMs = spanEndMs;
      lastInterimCount = 0;
    }
  };

  /** Deepgram's answer to audio: interims as words are covered, finals per segment, speech_final at the endpoint. */
  const onAudio = (chunkStartMs: number): void => {
    const utterance = utterances[0];
    if (utterance && utterance.finalized < utterance.words.length) {
      if (cursorMs === undefined) cursorMs = Math.max(segmentStartMs, chunkStartMs);
      if (vadEvents && !speechStartedSent) {
        speechStartedSent = true;
        send({ type: 'SpeechStarted', channel: [0], timestamp: round3(cursorMs / 1000) });
      }
      let words = pendingWords(utterance);
      let heard = words.filter((w) => w.end <= receivedMs);
      // Segment finals never take the last word: it waits for the endpoint (speech_final).
      while (heard.length >= wordsPerFinal && heard.length < words.length) {
        const segment = heard.slice(0, wordsPerFinal);
        const next = words[wordsPerFinal];
        emitFinal(
          segment,
          utterance,
          { speechFinal: false, fromFinalize: false },
          next ? next.start : receivedMs,
        );
        words = pendingWords(utterance);
        heard = words.filter((w) => w.end <= receivedMs);
      }
      if (interim && heard.length > lastInterimCount) {
        lastInterimCount = heard.length;
        const last = heard[heard.length - 1];
        send(
          results(
            heard,
            { isFinal: false, speechFinal: false, fromFinalize: false },
            segmentStartMs,
            last?.end ?? receivedMs,
          ),
        );
      }
      const lastWord = words[words.length - 1];
      if (lastWord && heard.length === words.length && endpointingMs !== undefined) {
        if (receivedMs >= lastWord.end + endpointingMs) {
          emitFinal(words, utterance, { speechFinal: true, fromFinalize: false }, receivedMs);
          if (interim && utteranceEndMs !== undefined) {
            pendingUtteranceEnd = { dueMs: lastWord.end + utteranceEndMs, lastWordEnd: lastWord.end };
          }
          finishUtterance();
        }
      } else if (lastWord && heard.length === words.length && interim && utteranceEndMs !== undefined) {
        // Endpointing off (or kept from firing by background noise): UtteranceEnd still comes once no
        // word followed the last one for utterance_end_ms, judged from word timings, not from silence
        // (developers.deepgram.com/docs/utterance-end, .../understanding-end-of-speech-detection).
        if (receivedMs >= lastWord.end + utteranceEndMs) {
          emitFinal(words, utterance, { speechFinal: false, fromFinalize: false }, receivedMs);
          pendingUtteranceEnd = { dueMs: receivedMs, lastWordEnd: lastWord.end };
          finishUtterance();
        }
      }
    }
    if (pendingUtteranceEnd && receivedMs >= pendingUtteranceEnd.dueMs) sendUtteranceEnd();
  };

  let lastVoicedEndMs = 0;
  /**
   * silenceThreshold set: words are handed out over voiced audio only; after
   * `endpointing` ms of silence the words heard so far end with speech_final,
   * and the rest of the script waits for the speech to go on.
   */
  const onListenedAudio = (chunkStartMs: number, voiced: boolean): void => {
    const utterance = utterances[0];
    if (utterance && utterance.finalized < utterance.words.length) {
      const perWord = utterance.msPerWord ?? msPerWord;
      if (voiced) {
        lastVoicedEndMs = receivedMs;
        cursorMs ??= Math.max(segmentStartMs, chunkStartMs);
        if (vadEvents && !speechStartedSent) {
          speechStartedSent = true;
          send({ type: 'SpeechStarted', channel: [0], timestamp: round3(chunkStartMs / 1000) });
        }
        utterance.voicedMs += receivedMs - chunkStartMs;
        while (
          utterance.heard.length < utterance.words.length &&
          utterance.voicedMs >= (utterance.heard.length + 1) * perWord
        ) {
          const previous = utterance.heard[utterance.heard.length - 1];
          const start = Math.max(previous?.end ?? 0, receivedMs - perWord * 0.8);
          utterance.heard.push({ start, end: receivedMs });
        }
      }
      const heardWords = () =>
        utterance.words
          .slice(utterance.finalized, utterance.heard.length)
          .map((w, i) => withFields(w, utterance.heard[utterance.finalized + i]!));
      let heard = heardWords();
      while (heard.length > wordsPerFinal && utterance.finalized + wordsPerFinal < utterance.words.length) {
        const segment = heard.slice(0, wordsPerFinal);
        emitFinal(
          segment,
          utterance,
          { speechFinal: false, fromFinalize: false },
          heard[wordsPerFinal]?.start ?? receivedMs,
        );
        heard = heardWords();
      }
      if (interim && heard.length > lastInterimCount) {
        lastInterimCount = heard.length;
        send(
          results(
            heard,
            { isFinal: false, speechFinal: false, fromFinalize: false },
            segmentStartMs,
            heard[heard.length - 1]?.end ?? receivedMs,
          ),
        );
      }
      const last = heard[heard.length - 1];
      if (last && !voiced && endpointingMs !== undefined && receivedMs >= lastVoicedEndMs + endpointingMs) {
        emitFinal(heard, utterance, { speechFinal: true, fromFinalize: false }, receivedMs);
        if (interim && utteranceEndMs !== undefined) {
          pendingUtteranceEnd = { dueMs: last.end + utteranceEndMs, lastWordEnd: last.end };
        }
        if (utterance.finalized >= utterance.words.length) finishUtterance();
        else speechStartedSent = false;
      }
    }
    if (pendingUtteranceEnd && receivedMs >= pendingUtteranceEnd.dueMs) sendUtteranceEnd();
  };

  /** Finalize / CloseStream: everything heard so far becomes final now. */
  const flush = (flags: { speechFinal: boolean; fromFinalize: boolean }): void => {
    const utterance = utterances[0];
    if (utterance && cursorMs !== undefined && utterance.finalized < utterance.words.length) {
      // The speaker is done: the remaining words share the audio that did arrive.
      const remaining = utterance.words.slice(utterance.finalized);
      const start = cursorMs;
      const span = Math.max(receivedMs - start, remaining.length);
      const slot = span / remaining.length;
      const words = remaining.map((w, i) =>
        withFields(w, { start: start + i * slot, end: start + i * slot + slot * 0.8 }),
      );
      emitFinal(words, utterance, flags, Math.max(receivedMs, start + span));
      if (interim && utteranceEndMs !== undefined) {
        const last = words[words.length - 1];
        if (last) pendingUtteranceEnd = { dueMs: last.end, lastWordEnd: last.end };
      }
      finishUtterance();
    } else {
      emitFinal([], undefined, flags, receivedMs);
    }
    sendUtteranceEnd();
  };

  const armIdle = (): void => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      timers.delete(idleTimer as NodeJS.Timeout);
      if (closed) return;
      record.closedBy = 'server';
      socket.close(1011, 'NET-0001');
    }, idleTimeoutMs);
    timers.add(idleTimer);
  };
  armIdle();

  socket.on('message', (data, isBinary) => {
    if (closed) return;
    if (isBinary) {
      const bytes = wsBytes(data);
      record.audioBytes += bytes.length;
      record.audioMessages.push(bytes.length);
      armIdle();
      if (silenceThreshold === undefined) {
        const chunkStartMs = receivedMs;
        receivedMs += pcm16Ms(bytes.length, sampleRate);
        onAudio(chunkStartMs);
      } else {
        // Voice is judged on the audio, 20 ms at a time, as a VAD does: how the client cut its
        // messages (one frame or several joined) moves no word and no endpoint.
        for (const window of vadWindows(bytes, sampleRate)) {
          const chunkStartMs = receivedMs;
          receivedMs += pcm16Ms(window.length, sampleRate);
          onListenedAudio(chunkStartMs, chunkRms(window) >= silenceThreshold);
        }
      }
      if (dropAt !== undefined && receivedMs >= dropAt) {
        record.closedBy = 'dropped';
        closed = true;
        // Let the messages already written reach the client, then cut without a close frame.
        setImmediate(() => socket.terminate());
      }
      return;
    }
    const message = readWsJson(socket, data, { code: 1008, reason: 'DATA-0000' });
    if (!message) return;
    record.controlMessages.push(message);
    switch (message.type) {
      case 'KeepAlive':
        armIdle();
        break;
      case 'Finalize':
        flush({ speechFinal: false, fromFinalize: true });
        break;
      case 'CloseStream':
        flush({ speechFinal: true, fromFinalize: false });
        send({
          type: 'Metadata',
          transaction_key: 'deprecated',
          request_id: requestId,
          sha256: 'fake',
          created: new Date().toISOString(),
          duration: round3(receivedMs / 1000),
          channels: 1,
        });
        record.closedBy = 'server';
        socket.close(1000);
        break;
      default:
        break;
    }
  });
  socket.on('close', (code) => {
    closed = true;
    record.closeCode = code;
    record.closedBy ??= 'client';
    if (idleTimer) {
      clearTimeout(idleTimer);
      timers.delete(idleTimer);
    }
  });
}

/** RMS of a PCM16 little-endian chunk, 0–1 of full scale. */
function chunkRms(bytes: Buffer): number {
  return rms(
    bytesLEToInt16(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length - (bytes.length % 2))),
  );
}
