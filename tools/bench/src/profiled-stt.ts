import { int16FromBytesLE, rmsAtLeast } from '@bot-backend/audio';
import {
  type LoopbackServer,
  sendJson,
  startLoopbackServer,
  vadWindows,
  wsBytes,
} from '@bot-backend/testkit';
import type { WebSocket } from 'ws';

/**
 * A Deepgram live endpoint (`WSS /v1/listen`, the wire of the testkit fake) with
 * a latency profile, for many simultaneous sessions: each connection hears its
 * own candidate (voiced audio hands out the answer's words, `msPerWord` each;
 * a noise floor below −50 dBFS hands out none), ends the utterance after `endpointing` ms of
 * silence, and sends the `speech_final` `finalDelayMs` later. The testkit fake
 * keeps one script queue for all connections, which many sessions would share.
 */
export interface ProfiledSttOptions {
  apiKey: string;
  /** What every candidate says. */
  answer: string;
  msPerWord: number;
  finalDelayMs: number;
}

export interface ProfiledStt {
  readonly url: string;
  readonly apiKey: string;
  /** performance.now() of every SpeechStarted sent, over all connections. */
  readonly speechStartedAt: number[];
  /** The `endpointing` the clients asked for (the last connection's). */
  endpointingMs(): number | undefined;
  openConnections(): number;
  close(): Promise<void>;
}

interface Word {
  plain: string;
  formatted: string;
}

const emptyFinalEveryMs = 1_000;

/**
 * A 20 ms window is voice when its RMS reaches −50 dBFS: above a microphone's
 * noise floor (the bench's candidates listen at −60 dBFS), far below speech.
 * Deepgram's VAD is a model and documents no level; this one is the fake's own.
 */
const voicedRms = 10 ** (-50 / 20);

/** A trailing odd byte is not a sample (PCM16 arrives whole from the server; this never throws). */
const isVoiced = (bytes: Buffer): boolean =>
  rmsAtLeast(int16FromBytesLE(bytes.subarray(0, bytes.length & ~1)), voicedRms);

const round3 = (value: number) => Math.round(value * 1000) / 1000;

export async function startProfiledStt(options: ProfiledSttOptions): Promise<ProfiledStt> {
  const server: LoopbackServer = await startLoopbackServer();
  const words: Word[] = options.answer
    .split(/\s+/)
    .filter(Boolean)
    .map((token) => ({ formatted: token, plain: token.toLowerCase().replace(/[^\p{L}\p{N}'-]/gu, '') }));
  const speechStartedAt: number[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let endpointingSeen: number | undefined;

  // Prerecorded (the batch pipeline): the whole answer, after the recognition latency.
  server.route('POST', '/v1/listen', async (req, res) => {
    if (req.headers.authorization !== `Token ${options.apiKey}`) {
      return sendJson(res, 401, { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' });
    }
    await new Promise((resolve) => setTimeout(resolve, options.finalDelayMs));
    const durationSec = (words.length * options.msPerWord) / 1000;
    sendJson(res, 200, {
      metadata: {
        request_id: 'bench',
        created: new Date().toISOString(),
        duration: durationSec,
        channels: 1,
      },
      results: {
        channels: [
          {
            alternatives: [
              {
                transcript: words.map((w) => w.formatted).join(' '),
                confidence: 0.98,
                words: words.map((w, i) => ({
                  word: w.plain,
                  punctuated_word: w.formatted,
                  start: round3((i * options.msPerWord) / 1000),
                  end: round3(((i + 0.8) * options.msPerWord) / 1000),
                  confidence: 0.99,
                })),
              },
            ],
          },
        ],
      },
    });
  });

  server.ws(
    '/v1/listen',
    (socket: WebSocket, req) => {
      const sampleRate = Number(req.query.get('sample_rate') ?? '16000');
      const endpointingMs = Number(req.query.get('endpointing') ?? '10');
      endpointingSeen = endpointingMs;
      const interim = req.query.get('interim_results') === 'true';
      const vadEvents = req.query.get('vad_events') === 'true';
      let receivedMs = 0;
      let segmentStartMs = 0;
      /** The utterance being heard: where it started and how much voiced audio it had. */
      let utterance: { startMs: number; voicedMs: number; heard: number } | undefined;
      let silentMs = 0;
      let closed = false;

      const send = (message: Record<string, unknown>) => {
        if (!closed) socket.send(JSON.stringify(message));
      };
      const results = (
        count: number,
        flags: { isFinal: boolean; speechFinal: boolean; fromFinalize: boolean },
      ) => {
        const startMs = utterance?.startMs ?? segmentStartMs;
        const spoken = words.slice(0, count).map((w, i) => ({
          ...w,
          start: startMs + i * options.msPerWord,
          end: startMs + i * options.msPerWord + options.msPerWord * 0.8,
        }));
        const endMs = flags.isFinal ? receivedMs : (spoken.at(-1)?.end ?? receivedMs);
        return {
          type: 'Results',
          channel_index: [0, 1],
          start: round3(segmentStartMs / 1000),
          duration: round3((endMs - segmentStartMs) / 1000),
          is_final: flags.isFinal,
          speech_final: flags.speechFinal,
          from_finalize: flags.fromFinalize,
          channel: {
            alternatives: [
              {
                transcript: spoken.map((w) => w.formatted).join(' '),
                confidence: count > 0 ? 0.98 : 0,
                words: spoken.map((w) => ({
                  word: w.plain,
                  punctuated_word: w.formatted,
                  start: round3(w.start / 1000),
                  end: round3(w.end / 1000),
                  confidence: 0.99,
                })),
              },
            ],
          },
        };
      };
      /** The utterance is over: its final now (or after the recognition latency). */
      const finish = (flags: { speechFinal: boolean; fromFinalize: boolean }, delayMs: number) => {
        const message = results(utterance?.heard ?? 0, { isFinal: true, ...flags });
        segmentStartMs = receivedMs;
        utterance = undefined;
        silentMs = 0;
        if (delayMs <= 0) return send(message);
        const timer = setTimeout(() => {
          timers.delete(timer);
          send(message);
        }, delayMs);
        timers.add(timer);
      };

      socket.on('message', (data, isBinary) => {
        if (closed) return;
        const bytes = wsBytes(data);
        if (!isBinary) {
          const type = (JSON.parse(bytes.toString()) as { type?: string }).type;
          if (type === 'Finalize') finish({ speechFinal: false, fromFinalize: true }, 0);
          if (type === 'CloseStream') {
            finish({ speechFinal: true, fromFinalize: false }, 0);
            send({ type: 'Metadata', request_id: 'bench', duration: round3(receivedMs / 1000), channels: 1 });
            closed = true;
            socket.close(1000);
          }
          return;
        }
        // Voice is judged 20 ms at a time, as a VAD does: how the client cut its messages moves no endpoint.
        for (const window of vadWindows(bytes, sampleRate)) hear(window);
      });
      const hear = (bytes: Buffer): void => {
        const chunkMs = (bytes.length / 2 / sampleRate) * 1000;
        const chunkStartMs = receivedMs;
        receivedMs += chunkMs;
        if (isVoiced(bytes)) {
          silentMs = 0;
          if (!utterance) {
            utterance = { startMs: chunkStartMs, voicedMs: 0, heard: 0 };
            if (vadEvents) {
              speechStartedAt.push(performance.now());
              send({ type: 'SpeechStarted', channel: [0], timestamp: round3(chunkStartMs / 1000) });
            }
          }
          utterance.voicedMs += chunkMs;
          const heard = Math.min(words.length, Math.floor(utterance.voicedMs / options.msPerWord + 1e-9));
          if (heard > utterance.heard) {
            utterance.heard = heard;
            if (interim) send(results(heard, { isFinal: false, speechFinal: false, fromFinalize: false }));
          }
          return;
        }
        silentMs += chunkMs;
        if (utterance && silentMs >= endpointingMs) {
          finish({ speechFinal: true, fromFinalize: false }, options.finalDelayMs);
        } else if (!utterance && silentMs >= emptyFinalEveryMs) {
          // Like Deepgram, long silence still gets (empty) finals: the client can drop audio it kept.
          finish({ speechFinal: false, fromFinalize: false }, 0);
        }
      };
      socket.on('close', () => {
        closed = true;
      });
    },
    {
      verify: (req) =>
        req.headers.authorization === `Token ${options.apiKey}`
          ? undefined
          : { status: 401, body: { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' } },
    },
  );

  return {
    url: server.url,
    apiKey: options.apiKey,
    speechStartedAt,
    endpointingMs: () => endpointingSeen,
    openConnections: () => server.openConnections(),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await server.close();
    },
  };
}
