import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { startLoopbackServer } from '../loopback/loopback-server.js';
import type { LoopbackServer, RecordedRequest } from '../loopback/loopback-types.js';
import { sendJson } from '../loopback/sse-response.js';
import { fakeId, pcm16Ms, type ScriptedWord, scriptWords, wavDurationMs } from './scripted-words.js';

/**
 * A loopback Deepgram: live `WSS /v1/listen`, prerecorded `POST /v1/listen` and
 * Aura `POST /v1/speak`, speaking the wire protocol of api.deepgram.com
 * (`Authorization: Token <key>`, options in the query string, the `Results` /
 * `SpeechStarted` / `UtteranceEnd` / `Metadata` message sequence). Point the
 * official SDK at it with `new DeepgramClient({ apiKey, baseUrl: fake.url })`.
 *
 * Transcripts are scripted: `script(text)` queues what the next speech says;
 * words are handed out as the received audio covers them (`msPerWord` of audio
 * each), so timings are those of the audio that really arrived.
 */
export interface DeepgramFakeOptions {
  /** The key the fake accepts; any other gets 401 (default `dg-test-key`). */
  apiKey?: string;
  /** Audio each scripted word takes (default 250 ms). */
  msPerWord?: number;
  /** Words per interim-to-final segment before the utterance ends (default 3). */
  wordsPerFinal?: number;
  /**
   * Listen to the audio: a chunk whose RMS (0–1 of full scale) is below this is
   * silence, which hands out no words, and `endpointing` ms of it after speech
   * ends the segment with `speech_final` even mid-script (a pause to think).
   * Default: off (every received ms covers words, silence or not).
   */
  silenceThreshold?: number;
  /** Close a live socket after this much time without audio or KeepAlive (default 10 000 ms, like Deepgram). */
  idleTimeoutMs?: number;
  /** Aura: generated audio per character of text (default 55 ms). */
  ttsMsPerChar?: number;
  /** Aura: synthesize a pure sine of this frequency instead of the voiced waveform (for pitch checks). */
  ttsToneHz?: number;
}

/** What one live connection received, for wire assertions. */
export interface DeepgramLiveConnection {
  request: RecordedRequest;
  /** Every text message the client sent, parsed (`KeepAlive`, `Finalize`, `CloseStream`). */
  controlMessages: Array<{ type: string; [key: string]: unknown }>;
  /** Every message the fake sent, parsed. */
  sent: Array<{ type: string; [key: string]: unknown }>;
  audioBytes: number;
  /** Who ended it: `client`, `server` (CloseStream, idle timeout), `dropped` (fault). */
  closedBy: 'client' | 'server' | 'dropped' | undefined;
  closeCode: number | undefined;
}

/** What one Aura streaming connection received. */
export interface DeepgramSpeakConnection {
  request: RecordedRequest;
  /** Every message the client sent, parsed (`Speak`, `Flush`, `Clear`, `Close`). */
  controlMessages: Array<{ type: string; [key: string]: unknown }>;
  audioBytesSent: number;
  closedBy: 'client' | 'server' | undefined;
}

export interface DeepgramFake {
  /** `http://127.0.0.1:PORT`; the SDK's `baseUrl` for REST and WebSocket alike. */
  readonly url: string;
  readonly apiKey: string;
  readonly server: LoopbackServer;
  readonly live: DeepgramLiveConnection[];
  /** Aura streaming connections (`WSS /v1/speak`). */
  readonly speakSockets: DeepgramSpeakConnection[];
  /** What the next speech says (queued; each utterance is used once); `msPerWord` overrides the fake's for it. */
  script(text: string, options?: { msPerWord?: number }): void;
  /** Next request (or WebSocket upgrade) fails with this status and Deepgram's error body. */
  fail(status: number, options?: { retryAfterSec?: number }): void;
  /** Next request (or upgrade) is accepted and never answered. */
  stall(): void;
  /** The next live connection is cut (no close frame) once it has received this much audio. */
  dropLiveAfter(audioMs: number): void;
  /** The next Aura synthesis sends its audio one chunk per interval. */
  slowSpeak(options: { chunkDelayMs: number; chunkMs?: number }): void;
  /** Forget unused scripts, drops and pacing (faults already queued at the loopback base stay). */
  reset(): void;
  openConnections(): number;
  close(): Promise<void>;
}

interface Utterance {
  words: ScriptedWord[];
  /** Words already delivered in a final (across connections: a reconnect resumes after them). */
  finalized: number;
  msPerWord?: number | undefined;
  /** With silenceThreshold: voiced audio heard for this utterance, and when each word was heard. */
  voicedMs: number;
  heard: Array<{ start: number; end: number }>;
}

type Json = { type: string; [key: string]: unknown };

const errorBodies: Record<number, { err_code: string; err_msg: string }> = {
  400: { err_code: 'Bad Request', err_msg: 'Bad Request: failed to process audio.' },
  401: { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' },
  402: { err_code: 'ASR_PAYMENT_REQUIRED', err_msg: 'Project does not have enough credits.' },
  403: { err_code: 'INSUFFICIENT_PERMISSIONS', err_msg: 'Insufficient permissions.' },
  429: { err_code: 'TOO_MANY_REQUESTS', err_msg: 'Too many requests. Please try again later.' },
  500: { err_code: 'INTERNAL_SERVER_ERROR', err_msg: 'Internal server error.' },
  503: { err_code: 'SERVICE_UNAVAILABLE', err_msg: 'Service unavailable.' },
};

function isTrue(value: string | null): boolean {
  return value === 'true';
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export async function startDeepgramFake(options: DeepgramFakeOptions = {}): Promise<DeepgramFake> {
  const apiKey = options.apiKey ?? 'dg-test-key';
  const msPerWord = options.msPerWord ?? 250;
  const silenceThreshold = options.silenceThreshold;
  const wordsPerFinal = options.wordsPerFinal ?? 3;
  const idleTimeoutMs = options.idleTimeoutMs ?? 10_000;
  const ttsMsPerChar = options.ttsMsPerChar ?? 55;
  const server = await startLoopbackServer();
  const utterances: Utterance[] = [];
  const live: DeepgramLiveConnection[] = [];
  const speakSockets: DeepgramSpeakConnection[] = [];
  const drops: number[] = [];
  let slow: { chunkDelayMs: number; chunkMs: number } | undefined;
  let requestCount = 0;
  const timers = new Set<NodeJS.Timeout>();

  const authorized = (req: RecordedRequest): boolean => req.headers.authorization === `Token ${apiKey}`;
  const errorBody = (status: number) => ({
    ...(errorBodies[status] ?? { err_code: 'ERROR', err_msg: `Status ${status}` }),
    request_id: randomUUID(),
  });

  // Like the real API, a WebSocket with a bad key is refused at the upgrade with 401.
  const verifyKey = {
    verify: (req: RecordedRequest) => (authorized(req) ? undefined : { status: 401, body: errorBody(401) }),
  };

  const modelInfo = (model: string) => ({ name: `general-${model}`, version: '2026-01-01.0', arch: model });

  // ---- prerecorded -------------------------------------------------------
  server.route('POST', '/v1/listen', (req, res) => {
    if (!authorized(req)) return sendJson(res, 401, errorBody(401));
    const model = req.query.get('model') ?? 'base';
    const durationSec = audioDurationSec(req);
    const utterance = utterances.shift();
    const words = utterance ? utterance.words.slice(utterance.finalized) : [];
    const formatted = isTrue(req.query.get('punctuate')) || isTrue(req.query.get('smart_format'));
    const slot = words.length > 0 ? durationSec / words.length : 0;
    const timed = words.map((w, i) => ({
      word: w.plain,
      start: round3(i * slot),
      end: round3(i * slot + slot * 0.8),
      confidence: 0.97,
      ...(formatted ? { punctuated_word: w.formatted } : {}),
    }));
    const transcript = words.map((w) => (formatted ? w.formatted : w.plain)).join(' ');
    const modelUuid = fakeId('model', 1);
    requestCount += 1;
    sendJson(res, 200, {
      metadata: {
        transaction_key: 'deprecated',
        request_id: fakeId('request', requestCount),
        sha256: 'fake',
        created: new Date().toISOString(),
        duration: round3(durationSec),
        channels: 1,
        models: [modelUuid],
        model_info: { [modelUuid]: modelInfo(model) },
      },
      results: {
        channels: [
          {
            alternatives: [{ transcript, confidence: words.length > 0 ? 0.96 : 0, words: timed }],
            ...(req.query.get('language') ? {} : { detected_language: 'en' }),
          },
        ],
      },
    });
  });

  // ---- Aura TTS (REST) ---------------------------------------------------
  server.route('POST', '/v1/speak', async (req, res) => {
    if (!authorized(req)) return sendJson(res, 401, errorBody(401));
    let text: string;
    try {
      const body = JSON.parse(req.body.toString()) as { text?: unknown };
      if (typeof body.text !== 'string' || body.text.length === 0) throw new Error('no text');
      text = body.text;
    } catch {
      return sendJson(res, 400, { err_code: 'INVALID_JSON', err_msg: 'Body must be {"text": "..."}' });
    }
    const encoding = req.query.get('encoding') ?? 'mp3';
    const sampleRate = Number(req.query.get('sample_rate') ?? '24000');
    if (encoding !== 'linear16') {
      return sendJson(res, 400, { err_code: 'UNSUPPORTED', err_msg: 'The fake only speaks linear16.' });
    }
    if (![8000, 16000, 24000, 32000, 48000].includes(sampleRate)) {
      return sendJson(res, 400, { err_code: 'INVALID_QUERY_PARAMETER', err_msg: 'Unsupported sample_rate.' });
    }
    const pcm = speechWaveform(text, sampleRate, ttsMsPerChar, options.ttsToneHz);
    const container = req.query.get('container') ?? 'wav';
    const payload = container === 'wav' ? Buffer.concat([wavHeader(pcm.length, sampleRate), pcm]) : pcm;
    requestCount += 1;
    res.writeHead(200, {
      'content-type': container === 'wav' ? 'audio/wav' : 'audio/l16',
      'dg-request-id': fakeId('request', requestCount),
      'dg-model-name': req.query.get('model') ?? 'aura-2-thalia-en',
      'dg-char-count': String(text.length),
    });
    const pacing = slow;
    slow = undefined;
    const chunkBytes = pacing ? Math.max(2, Math.round((pacing.chunkMs / 1000) * sampleRate) * 2) : 8192;
    for (let at = 0; at < payload.length; at += chunkBytes) {
      if (res.destroyed) return;
      res.write(payload.subarray(at, at + chunkBytes));
      if (pacing) await sleep(pacing.chunkDelayMs);
    }
    if (!res.destroyed) res.end();
  });

  // ---- Aura TTS (WebSocket) -------------------------------------------------
  server.ws(
    '/v1/speak',
    (socket, req) => {
      const record: DeepgramSpeakConnection = {
        request: req,
        controlMessages: [],
        audioBytesSent: 0,
        closedBy: undefined,
      };
      speakSockets.push(record);
      const sampleRate = Number(req.query.get('sample_rate') ?? '24000');
      if (
        (req.query.get('encoding') ?? 'linear16') !== 'linear16' ||
        ![8000, 16000, 24000, 32000, 48000].includes(sampleRate)
      ) {
        record.closedBy = 'server';
        socket.close(1008, 'UNSUPPORTED_AUDIO_FORMAT');
        return;
      }
      const pacing = slow;
      slow = undefined;
      let text = '';
      let sequence = 0;
      /** Bumped by Clear: audio of an older generation is dropped. */
      let generation = 0;
      let work = Promise.resolve();
      let metadataSent = false;
      const sendJsonMessage = (message: Json) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
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
          const pcm = speechWaveform(spoken, sampleRate, ttsMsPerChar, options.ttsToneHz);
          const chunkBytes = pacing
            ? Math.max(2, Math.round((pacing.chunkMs / 1000) * sampleRate) * 2)
            : 9600;
          for (let at = 0; at < pcm.length; at += chunkBytes) {
            if (mine !== generation || socket.readyState !== socket.OPEN) return;
            const chunk = pcm.subarray(at, at + chunkBytes);
            record.audioBytesSent += chunk.length;
            socket.send(chunk);
            if (pacing) await sleep(pacing.chunkDelayMs);
          }
        }
        if (mine === generation) sendJsonMessage({ type: 'Flushed', sequence_id: sequence++ });
      };
      socket.on('message', (data, isBinary) => {
        if (isBinary) return;
        let message: Json;
        try {
          message = JSON.parse(data.toString()) as Json;
        } catch {
          socket.close(1008, 'INVALID_JSON');
          return;
        }
        record.controlMessages.push(message);
        if (message.type === 'Speak' && typeof message.text === 'string') text += message.text;
        if (message.type === 'Flush') {
          const spoken = text;
          text = '';
          const mine = generation;
          work = work.then(() => speakOut(spoken, mine));
        }
        if (message.type === 'Clear') {
          generation += 1;
          text = '';
          sendJsonMessage({ type: 'Cleared', sequence_id: sequence++ });
        }
        if (message.type === 'Close') {
          void work.then(() => {
            record.closedBy ??= 'server';
            socket.close(1000);
          });
        }
      });
      socket.on('close', () => {
        generation += 1;
        record.closedBy ??= 'client';
      });
    },
    verifyKey,
  );

  // ---- live STT ------------------------------------------------------------
  server.ws(
    '/v1/listen',
    (socket, req) => {
      const record: DeepgramLiveConnection = {
        request: req,
        controlMessages: [],
        sent: [],
        audioBytes: 0,
        closedBy: undefined,
        closeCode: undefined,
      };
      live.push(record);
      runLiveConnection(socket, req, record);
    },
    verifyKey,
  );

  function runLiveConnection(socket: WebSocket, req: RecordedRequest, record: DeepgramLiveConnection): void {
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

    /** The current utterance's unfinalized words, timed from cursorMs, `msPerWord` each. */
    const pendingWords = (utterance: Utterance) => {
      const start = cursorMs ?? receivedMs;
      const perWord = utterance.msPerWord ?? msPerWord;
      return utterance.words.slice(utterance.finalized).map((w, i) => ({
        ...w,
        start: start + i * perWord,
        end: start + i * perWord + perWord * 0.8,
      }));
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
        }
      }
      if (pendingUtteranceEnd && receivedMs >= pendingUtteranceEnd.dueMs) {
        send({
          type: 'UtteranceEnd',
          channel: [0, 1],
          last_word_end: round3(pendingUtteranceEnd.lastWordEnd / 1000),
        });
        pendingUtteranceEnd = undefined;
      }
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
            .map((w, i) => ({ ...w, ...utterance.heard[utterance.finalized + i]! }));
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
      if (pendingUtteranceEnd && receivedMs >= pendingUtteranceEnd.dueMs) {
        send({
          type: 'UtteranceEnd',
          channel: [0, 1],
          last_word_end: round3(pendingUtteranceEnd.lastWordEnd / 1000),
        });
        pendingUtteranceEnd = undefined;
      }
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
        const words = remaining.map((w, i) => ({
          ...w,
          start: start + i * slot,
          end: start + i * slot + slot * 0.8,
        }));
        emitFinal(words, utterance, flags, Math.max(receivedMs, start + span));
        if (interim && utteranceEndMs !== undefined) {
          const last = words[words.length - 1];
          if (last) pendingUtteranceEnd = { dueMs: last.end, lastWordEnd: last.end };
        }
        finishUtterance();
      } else {
        emitFinal([], undefined, flags, receivedMs);
      }
      if (pendingUtteranceEnd) {
        send({
          type: 'UtteranceEnd',
          channel: [0, 1],
          last_word_end: round3(pendingUtteranceEnd.lastWordEnd / 1000),
        });
        pendingUtteranceEnd = undefined;
      }
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
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        record.audioBytes += bytes.length;
        const chunkStartMs = receivedMs;
        receivedMs += pcm16Ms(bytes.length, sampleRate);
        armIdle();
        if (silenceThreshold === undefined) onAudio(chunkStartMs);
        else onListenedAudio(chunkStartMs, chunkRms(bytes) >= silenceThreshold);
        if (dropAt !== undefined && receivedMs >= dropAt) {
          record.closedBy = 'dropped';
          closed = true;
          // Let the messages already written reach the client, then cut without a close frame.
          setImmediate(() => socket.terminate());
        }
        return;
      }
      let message: Json;
      try {
        message = JSON.parse(data.toString()) as Json;
      } catch {
        socket.close(1008, 'DATA-0000');
        return;
      }
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

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  return {
    url: server.url,
    apiKey,
    server,
    live,
    speakSockets,
    script(text, scriptOptions) {
      utterances.push({
        words: scriptWords(text),
        finalized: 0,
        msPerWord: scriptOptions?.msPerWord,
        voicedMs: 0,
        heard: [],
      });
    },
    fail(status, failOptions) {
      server.fault({
        status,
        headers:
          failOptions?.retryAfterSec !== undefined
            ? { 'retry-after': String(failOptions.retryAfterSec) }
            : {},
        body: errorBody(status),
      });
    },
    stall() {
      server.fault({ stall: true });
    },
    dropLiveAfter(audioMs) {
      drops.push(audioMs);
    },
    reset() {
      utterances.length = 0;

      drops.length = 0;
      slow = undefined;
    },
    slowSpeak(pacing) {
      slow = { chunkDelayMs: pacing.chunkDelayMs, chunkMs: pacing.chunkMs ?? 20 };
    },
    openConnections: () => server.openConnections(),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await server.close();
    },
  };
}

/** RMS of a PCM16 little-endian chunk, 0–1 of full scale. */
function chunkRms(bytes: Buffer): number {
  const samples = Math.floor(bytes.length / 2);
  if (samples === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    const v = bytes.readInt16LE(i * 2) / 32768;
    sum += v * v;
  }
  return Math.sqrt(sum / samples);
}

/** Duration of a prerecorded body: WAV header when present, else raw linear16 per the query. */
function audioDurationSec(req: RecordedRequest): number {
  const body = req.body;
  const wavMs = wavDurationMs(body);
  if (wavMs !== undefined) return wavMs / 1000;
  const encoding = req.query.get('encoding');
  const sampleRate = Number(req.query.get('sample_rate') ?? '0');
  const channels = Number(req.query.get('channels') ?? '1');
  if (encoding === 'linear16' && sampleRate > 0) return body.length / 2 / channels / sampleRate;
  // Compressed containers: the fake cannot decode them; assume 16 kB/s.
  return body.length / 16_000;
}

/**
 * What the fake Aura says for `text`: `msPerChar` of audio per character, a
 * voiced-sounding 180 Hz tone with a slow envelope, or a pure sine at `toneHz`.
 */
export function speechWaveform(text: string, sampleRate: number, msPerChar = 55, toneHz?: number): Buffer {
  const samples = Math.max(1, Math.round((Math.max(200, text.length * msPerChar) / 1000) * sampleRate));
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const t = i / sampleRate;
    if (toneHz !== undefined) {
      pcm.writeInt16LE(Math.round(12_000 * Math.sin(2 * Math.PI * toneHz * t)), i * 2);
      continue;
    }
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
    pcm.writeInt16LE(Math.round(12_000 * envelope * Math.sin(2 * Math.PI * 180 * t)), i * 2);
  }
  return pcm;
}

function wavHeader(dataBytes: number, sampleRate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}
