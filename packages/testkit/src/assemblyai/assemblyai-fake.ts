import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import {
  fakeId,
  pcm16Ms,
  type ScriptedWord,
  scriptWords,
  wavDurationMs,
} from '../deepgram/scripted-words.js';
import { startLoopbackServer } from '../loopback/loopback-server.js';
import type { LoopbackServer, RecordedRequest } from '../loopback/loopback-types.js';
import { sendJson } from '../loopback/sse-response.js';
import { startTlsFront, type TlsFront } from './tls-front.js';

/**
 * A loopback AssemblyAI: async transcription (`POST /v2/upload`,
 * `POST /v2/transcript`, `GET /v2/transcript/{id}`), temporary streaming
 * tokens (`GET /v3/token`) and Universal Streaming v3 (`wss …/v3/ws`: Begin,
 * Turn, Termination), with `Authorization: <key>` (no scheme) as the real API.
 *
 * REST is plain HTTP at `url`; streaming is TLS at `streamingUrl`, because the
 * SDK refuses any `websocketBaseUrl` that is not `wss:` (see
 * `acceptFakeTlsCertificates`). Transcripts are scripted with `script(text)`;
 * words are handed out as received audio covers them (`msPerWord` each).
 */
export interface AssemblyAIFakeOptions {
  apiKey?: string;
  /** Audio each scripted word takes (default 250 ms). */
  msPerWord?: number;
  /** Async jobs answer `queued`, then `processing`, for this many polls before `completed` (default 2). */
  pollsUntilDone?: number;
  /** Reject audio messages shorter than 50 ms or longer than 1000 ms, as the real server does (default true). */
  enforceChunkDuration?: boolean;
}

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

export interface AssemblyAIJob {
  id: string;
  request: Record<string, unknown>;
  polls: number;
}

export interface AssemblyAIFake {
  /** REST base (`http://127.0.0.1:PORT`): the SDK's `baseUrl`. */
  readonly url: string;
  /** `https://127.0.0.1:TLSPORT`: the SDK's `streamingBaseUrl` (temporary tokens). */
  readonly streamingBaseUrl: string;
  /** `wss://127.0.0.1:TLSPORT/v3/ws`: the transcriber's `websocketBaseUrl`. */
  readonly streamingUrl: string;
  readonly apiKey: string;
  readonly server: LoopbackServer;
  readonly streaming: AssemblyAIStreamingConnection[];
  readonly jobs: AssemblyAIJob[];
  /** Uploaded files by upload URL. */
  readonly uploads: Map<string, Buffer>;
  /** Tokens issued by `/v3/token` (each is accepted once). */
  readonly tokens: string[];
  script(text: string): void;
  /** Next request (REST) or upgrade (streaming) fails with this status and AssemblyAI's error body. */
  fail(status: number, options?: { retryAfterSec?: number }): void;
  stall(): void;
  /** Next async job ends with `status: "error"` and this message. */
  failNextJob(message: string): void;
  /** Next streaming connection is cut (no close frame) once it has received this much audio. */
  dropStreamingAfter(audioMs: number): void;
  /** Next streaming connection is closed by the server with this code after Begin (e.g. 4001, 3005). */
  closeStreamingWith(code: number, reason?: string): void;
  reset(): void;
  openConnections(): number;
  close(): Promise<void>;
}

interface Utterance {
  words: ScriptedWord[];
  finalized: boolean;
}

type Json = { type: string; [key: string]: unknown };

function formatTurn(words: ScriptedWord[]): string {
  return words.map((w) => w.formatted).join(' ');
}

export async function startAssemblyAIFake(options: AssemblyAIFakeOptions = {}): Promise<AssemblyAIFake> {
  const apiKey = options.apiKey ?? 'aai-test-key';
  const msPerWord = options.msPerWord ?? 250;
  const pollsUntilDone = options.pollsUntilDone ?? 2;
  const enforceChunks = options.enforceChunkDuration ?? true;
  const server = await startLoopbackServer();
  const front: TlsFront = await startTlsFront(server.port);
  const utterances: Utterance[] = [];
  const streaming: AssemblyAIStreamingConnection[] = [];
  const jobs: AssemblyAIJob[] = [];
  const uploads = new Map<string, Buffer>();
  const tokens: string[] = [];
  const usedTokens = new Set<string>();
  const drops: number[] = [];
  const serverCloses: Array<{ code: number; reason: string }> = [];
  const jobFailures: string[] = [];
  const jobResults = new Map<string, { words: ScriptedWord[]; durationMs: number; error?: string }>();
  let uploadCount = 0;

  const authorized = (req: RecordedRequest) => req.headers.authorization === apiKey;
  const authError = (res: Parameters<typeof sendJson>[0]) =>
    sendJson(res, 401, { error: 'Authentication error, API token missing/invalid' });

  // ---- async transcription ----------------------------------------------------
  server.route('POST', '/v2/upload', (req, res) => {
    if (!authorized(req)) return authError(res);
    uploadCount += 1;
    const uploadUrl = `https://cdn.assemblyai.com/upload/${fakeId('upload', uploadCount)}`;
    uploads.set(uploadUrl, req.body);
    sendJson(res, 200, { upload_url: uploadUrl });
  });

  server.route('POST', '/v2/transcript', (req, res) => {
    if (!authorized(req)) return authError(res);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body.toString()) as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, { error: 'Invalid JSON body' });
    }
    const audioUrl = body.audio_url;
    if (typeof audioUrl !== 'string') return sendJson(res, 400, { error: 'audio_url is required' });
    const id = randomUUID();
    jobs.push({ id, request: body, polls: 0 });
    const audio = uploads.get(audioUrl);
    const utterance = utterances.shift();
    const failure = jobFailures.shift();
    jobResults.set(id, {
      words: utterance?.words ?? [],
      durationMs: audio ? uploadDurationMs(audio) : 0,
      ...(failure !== undefined ? { error: failure } : {}),
    });
    sendJson(res, 200, transcriptBody(id, body, 'queued'));
  });

  server.route('GET', /^\/v2\/transcript\/[^/]+$/, (req, res) => {
    if (!authorized(req)) return authError(res);
    const id = req.path.split('/').pop() ?? '';
    const job = jobs.find((j) => j.id === id);
    const result = jobResults.get(id);
    if (!job || !result) return sendJson(res, 404, { error: 'Transcript not found' });
    job.polls += 1;
    if (job.polls < pollsUntilDone) {
      return sendJson(res, 200, transcriptBody(id, job.request, job.polls === 1 ? 'queued' : 'processing'));
    }
    if (result.error !== undefined) {
      return sendJson(res, 200, { ...transcriptBody(id, job.request, 'error'), error: result.error });
    }
    const slot = result.words.length > 0 ? result.durationMs / result.words.length : 0;
    const formatted = job.request.format_text !== false;
    sendJson(res, 200, {
      ...transcriptBody(id, job.request, 'completed'),
      text: result.words.map((w) => (formatted ? w.formatted : w.plain)).join(' '),
      confidence: result.words.length > 0 ? 0.93 : null,
      audio_duration: Math.round(result.durationMs / 1000),
      language_code: typeof job.request.language_code === 'string' ? job.request.language_code : 'en_us',
      words: result.words.map((w, i) => ({
        text: formatted ? w.formatted : w.plain,
        start: Math.round(i * slot),
        end: Math.round(i * slot + slot * 0.8),
        confidence: 0.95,
        speaker: null,
      })),
    });
  });

  // ---- temporary streaming tokens ------------------------------------------------
  server.route('GET', '/v3/token', (req, res) => {
    if (!authorized(req)) return authError(res);
    const expires = Number(req.query.get('expires_in_seconds') ?? 'NaN');
    if (!(expires >= 1 && expires <= 600)) {
      return sendJson(res, 400, { error: 'expires_in_seconds must be between 1 and 600' });
    }
    const token = `tok-${randomUUID()}`;
    tokens.push(token);
    sendJson(res, 200, { token, expires_in_seconds: expires });
  });

  // ---- Universal Streaming v3 ---------------------------------------------------
  server.ws('/v3/ws', (socket, req) => {
    const record: AssemblyAIStreamingConnection = {
      request: req,
      controlMessages: [],
      sent: [],
      audioBytes: 0,
      chunkMs: [],
      closedBy: undefined,
      closeCode: undefined,
    };
    streaming.push(record);
    const token = req.query.get('token');
    const tokenOk = token !== null && tokens.includes(token) && !usedTokens.has(token);
    if (token !== null) usedTokens.add(token);
    if (!authorized(req) && !tokenOk) {
      record.closedBy = 'server';
      socket.close(4001, 'Not Authorized');
      return;
    }
    runStreaming(socket, req, record);
  });

  function runStreaming(
    socket: WebSocket,
    req: RecordedRequest,
    record: AssemblyAIStreamingConnection,
  ): void {
    const q = req.query;
    const sampleRate = Number(q.get('sample_rate') ?? 'NaN');
    if (!(sampleRate >= 8000 && sampleRate <= 48000)) {
      record.closedBy = 'server';
      socket.close(4000, 'Sample rate must be between 8000 and 48000');
      return;
    }
    const formatTurns = q.get('format_turns') === 'true';
    const minTurnSilence = Number(q.get('min_turn_silence') ?? '400');
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

    const timedWords = (utterance: Utterance) => {
      const start = cursorMs ?? receivedMs;
      return utterance.words.map((w, i) => ({
        ...w,
        start: Math.round(start + i * msPerWord),
        end: Math.round(start + i * msPerWord + msPerWord * 0.8),
      }));
    };

    const turn = (
      words: Array<ScriptedWord & { start: number; end: number }>,
      endOfTurn: boolean,
      formatted: boolean,
    ): Json => ({
      type: 'Turn',
      turn_order: turnOrder,
      turn_is_formatted: formatted,
      end_of_turn: endOfTurn,
      transcript: formatted ? formatTurn(words) : words.map((w) => w.plain).join(' '),
      end_of_turn_confidence: endOfTurn ? 0.82 : 0.05,
      words: words.map((w) => ({
        start: w.start,
        end: w.end,
        text: formatted ? w.formatted : w.plain,
        confidence: 0.9,
        word_is_final: true,
      })),
      utterance: endOfTurn && !formatted ? words.map((w) => w.plain).join(' ') : '',
    });

    const endTurn = (
      utterance: Utterance,
      words: Array<ScriptedWord & { start: number; end: number }>,
    ): void => {
      send(turn(words, true, false));
      if (formatTurns) send(turn(words, true, true));
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
        send(turn(heard, false, false));
      }
      const last = words[words.length - 1];
      if (last && heard.length === words.length && receivedMs >= last.end + minTurnSilence)
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
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
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
      let message: Json;
      try {
        message = JSON.parse(data.toString()) as Json;
      } catch {
        socket.close(3006, 'Invalid Message');
        return;
      }
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

  const streamingBaseUrl = `https://127.0.0.1:${front.port}`;
  return {
    url: server.url,
    streamingBaseUrl,
    streamingUrl: `wss://127.0.0.1:${front.port}/v3/ws`,
    apiKey,
    server,
    streaming,
    jobs,
    uploads,
    tokens,
    script(text) {
      utterances.push({ words: scriptWords(text), finalized: false });
    },
    fail(status, failOptions) {
      server.fault({
        status,
        headers:
          failOptions?.retryAfterSec !== undefined
            ? { 'retry-after': String(failOptions.retryAfterSec) }
            : {},
        body: {
          error: status === 401 ? 'Authentication error, API token missing/invalid' : `Error ${status}`,
        },
      });
    },
    stall() {
      server.fault({ stall: true });
    },
    failNextJob(message) {
      jobFailures.push(message);
    },
    dropStreamingAfter(audioMs) {
      drops.push(audioMs);
    },
    closeStreamingWith(code, reason = '') {
      serverCloses.push({ code, reason });
    },
    reset() {
      utterances.length = 0;
      drops.length = 0;
      serverCloses.length = 0;
      jobFailures.length = 0;
    },
    openConnections: () => server.openConnections(),
    async close() {
      await front.close();
      await server.close();
    },
  };
}

function transcriptBody(
  id: string,
  request: Record<string, unknown>,
  status: string,
): Record<string, unknown> {
  return {
    id,
    status,
    audio_url: request.audio_url,
    speech_model: request.speech_model ?? 'universal',
    language_code: request.language_code ?? null,
    punctuate: request.punctuate ?? true,
    format_text: request.format_text ?? true,
    text: null,
    words: null,
    utterances: null,
    confidence: null,
    audio_duration: null,
    error: null,
  };
}

/** Duration of an uploaded WAV (PCM); other containers are assumed to be 16 kB/s. */
function uploadDurationMs(body: Buffer): number {
  return wavDurationMs(body) ?? (body.length / 16_000) * 1000;
}
