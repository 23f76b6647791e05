import { startLoopbackServer } from '../loopback/loopback-server.js';
import type { LoopbackServer, RecordedRequest } from '../loopback/loopback-types.js';
import type { DeepgramFakeContext, SpeakPacing, Utterance } from './deepgram-fake-context.js';
import { type DeepgramLiveConnection, runLiveConnection } from './deepgram-fake-listen.js';
import { prerecordedHandler } from './deepgram-fake-prerecorded.js';
import {
  authorizedBy,
  errorBody,
  handshakeRefusal,
  listenQueryProblem,
  speakQueryProblem,
} from './deepgram-fake-rules.js';
import { type DeepgramSpeakConnection, serveSpeakSocket, speakRestHandler } from './deepgram-fake-speak.js';
import { scriptWords } from './scripted-words.js';

export type { DeepgramLiveConnection } from './deepgram-fake-listen.js';
export { type DeepgramSpeakConnection, speechWaveform } from './deepgram-fake-speak.js';

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
  /** Speak websocket: Flush messages allowed per window before Deepgram only warns (default 20). */
  flushLimit?: number;
  /** Speak websocket: the window of that limit (default 60 000 ms). */
  flushWindowMs?: number;
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

export async function startDeepgramFake(options: DeepgramFakeOptions = {}): Promise<DeepgramFake> {
  const apiKey = options.apiKey ?? 'dg-test-key';
  const server = await startLoopbackServer();
  const utterances: Utterance[] = [];
  const live: DeepgramLiveConnection[] = [];
  const speakSockets: DeepgramSpeakConnection[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let pacing: SpeakPacing | undefined;
  let requestCount = 0;
  const ctx: DeepgramFakeContext = {
    utterances,
    msPerWord: options.msPerWord ?? 250,
    wordsPerFinal: options.wordsPerFinal ?? 3,
    silenceThreshold: options.silenceThreshold,
    idleTimeoutMs: options.idleTimeoutMs ?? 10_000,
    ttsMsPerChar: options.ttsMsPerChar ?? 55,
    ttsToneHz: options.ttsToneHz,
    flushLimit: options.flushLimit ?? 20,
    flushWindowMs: options.flushWindowMs ?? 60_000,
    drops: [],
    timers,
    takePacing() {
      const next = pacing;
      pacing = undefined;
      return next;
    },
    nextRequest: () => {
      requestCount += 1;
      return requestCount;
    },
    sleep(ms) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      });
    },
  };
  const authorized = authorizedBy(apiKey);
  /** Like the real API: a bad key is refused at the upgrade with 401, a bad query with 400 and `dg-error`. */
  const verify = (problemOf: (query: URLSearchParams) => string | undefined) => ({
    verify: (req: RecordedRequest) => {
      if (!authorized(req)) return handshakeRefusal(401);
      const problem = problemOf(req.query);
      return problem ? handshakeRefusal(400, problem) : undefined;
    },
  });

  server.route('POST', '/v1/listen', prerecordedHandler(ctx, authorized));
  server.route('POST', '/v1/speak', speakRestHandler(ctx, authorized));
  server.ws(
    '/v1/speak',
    (socket, req) => {
      const record: DeepgramSpeakConnection = {
        request: req,
        controlMessages: [],
        sent: [],
        audioBytesSent: 0,
        closedBy: undefined,
      };
      speakSockets.push(record);
      serveSpeakSocket(ctx, socket, req, record);
    },
    verify(speakQueryProblem),
  );
  server.ws(
    '/v1/listen',
    (socket, req) => {
      const record: DeepgramLiveConnection = {
        request: req,
        controlMessages: [],
        sent: [],
        audioBytes: 0,
        audioMessages: [],
        closedBy: undefined,
        closeCode: undefined,
      };
      live.push(record);
      runLiveConnection(ctx, socket, req, record);
    },
    verify((query) => listenQueryProblem(query, true)),
  );

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
      ctx.drops.push(audioMs);
    },
    reset() {
      utterances.length = 0;
      ctx.drops.length = 0;
      pacing = undefined;
    },
    slowSpeak(next) {
      pacing = { chunkDelayMs: next.chunkDelayMs, chunkMs: next.chunkMs ?? 20 };
    },
    openConnections: () => server.openConnections(),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await server.close();
    },
  };
}
