/**
 * A minimal TTS over HTTP and its loopback fake, used only to test the TTS
 * suite itself: the correct version must pass it, and each deliberate `flaw`
 * must make it fail. Wire: POST /tts {text} → chunked PCM16 LE at 24 kHz
 * (a 220 Hz tone, 40 ms per character), in chunks that split samples.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { int16ToBytesLE, Pcm16Resampler, PcmByteDecoder, sine } from '@bot-backend/audio';
import {
  type CallOptions,
  type TTS,
  type TtsOptions,
  type TtsSession,
  type TtsStreamPart,
  VendorError,
  type VendorErrorKind,
} from '@bot-backend/interfaces';
import type { TtsConformanceHarness } from '../harness.js';
import { postOrThrow } from './test-reference-http.js';

export const REFERENCE_TTS_RATE = 24_000;
export const REFERENCE_TTS_TONE_HZ = 220;

type Script =
  | { kind: 'fail'; status: number; retryAfterSec: number | undefined }
  | { kind: 'stall' }
  | { kind: 'slow'; chunkDelayMs: number };

export interface ReferenceTtsFake
  extends Pick<TtsConformanceHarness, 'fail' | 'stall' | 'slow' | 'openConnections' | 'reset'> {
  url: string;
  close(): Promise<void>;
}

export async function startReferenceTtsFake(): Promise<ReferenceTtsFake> {
  const queue: Script[] = [];
  const open = new Set<ServerResponse>();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const { text } = JSON.parse(raw) as { text: string };
    const script = queue.shift();
    if (script?.kind === 'stall') return;
    if (script?.kind === 'fail') {
      const headers: Record<string, string> = {};
      if (script.retryAfterSec !== undefined) headers['retry-after'] = String(script.retryAfterSec);
      res.writeHead(script.status, headers).end();
      return;
    }
    const tone = sine({
      frequencyHz: REFERENCE_TTS_TONE_HZ,
      durationMs: Math.max(300, text.length * 40),
      sampleRate: REFERENCE_TTS_RATE,
    });
    const bytes = int16ToBytesLE(tone.samples);
    res.writeHead(200, { 'content-type': 'audio/pcm' });
    // 4801-byte chunks: sample boundaries fall mid-chunk, as on a real network.
    for (let offset = 0; offset < bytes.length; offset += 4801) {
      if (res.destroyed) return;
      res.write(bytes.subarray(offset, offset + 4801));
      if (script?.kind === 'slow') await sleep(script.chunkDelayMs);
    }
    res.end();
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fail: (status, options) => queue.push({ kind: 'fail', status, retryAfterSec: options?.retryAfterSec }),
    stall: () => queue.push({ kind: 'stall' }),
    slow: ({ chunkDelayMs }) => queue.push({ kind: 'slow', chunkDelayMs }),
    openConnections: () => open.size,
    reset: () => {
      queue.length = 0;
      for (const res of open) res.destroy();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Deliberate defects, one at a time, to show the suite notices each. */
export type ReferenceTtsFlaw = 'relabels-rate' | 'ignores-abort' | 'close-keeps-playing';

export class ReferenceTts implements TTS {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'reference';
  readonly modelId = 'reference-tts-1';
  readonly capabilities = { incrementalText: false, nativeSampleRate: REFERENCE_TTS_RATE };

  constructor(
    private readonly settings: {
      url: string;
      timeoutMs?: number | undefined;
      flaw?: ReferenceTtsFlaw | undefined;
    },
  ) {}

  private error(kind: VendorErrorKind, message: string) {
    return new VendorError({ kind, vendor: this.provider, message });
  }

  private post(text: string, options: CallOptions): Promise<Response> {
    return postOrThrow(this.provider, `${this.settings.url}/tts`, JSON.stringify({ text }), {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.settings.timeoutMs,
    });
  }

  /** Audio parts of one request; returns the ms yielded, or undefined after an error/abort part. */
  private async *speak(
    text: string,
    options: TtsOptions,
    totals: { ms: number },
  ): AsyncGenerator<TtsStreamPart, boolean> {
    const signal = this.settings.flaw === 'ignores-abort' ? undefined : options.signal;
    let response: Response;
    try {
      response = await this.post(text, { ...options, signal });
    } catch (error) {
      yield { type: 'error', error: error as VendorError };
      return false;
    }
    const decoder = new PcmByteDecoder('pcm_s16le');
    const relabel = this.settings.flaw === 'relabels-rate';
    const resampler = relabel ? undefined : new Pcm16Resampler(REFERENCE_TTS_RATE, options.sampleRate);
    const frame = (samples: Int16Array): TtsStreamPart => {
      totals.ms += (samples.length * 1000) / options.sampleRate;
      return { type: 'audio', frame: { samples, sampleRate: options.sampleRate } };
    };
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        if (signal?.aborted) break;
        const pcm = decoder.push(chunk);
        const out = resampler ? resampler.process(pcm) : pcm;
        if (out.length > 0) yield frame(out);
      }
    } catch {
      // The body read fails when the signal aborts the request.
    }
    if (signal?.aborted) {
      yield { type: 'error', error: this.error('cancelled', 'aborted') };
      return false;
    }
    const tail = resampler?.flush();
    if (tail && tail.length > 0) yield frame(tail);
    return true;
  }

  async *synthesize(text: string, options: TtsOptions): AsyncIterable<TtsStreamPart> {
    const totals = { ms: 0 };
    const ok = yield* this.speak(text, options, totals);
    if (ok) yield { type: 'finish', characters: text.length, audioMs: totals.ms };
  }

  stream(options: TtsOptions): TtsSession {
    const texts: string[] = [];
    let ended = false;
    let wake: (() => void) | undefined;
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const keepsPlaying = this.settings.flaw === 'close-keeps-playing';
    const poke = () => {
      wake?.();
      wake = undefined;
    };
    const self = this;
    async function* run(): AsyncGenerator<TtsStreamPart> {
      const totals = { ms: 0 };
      let characters = 0;
      for (;;) {
        if (controller.signal.aborted && !keepsPlaying) return;
        const text = texts.shift();
        if (text === undefined) {
          if (ended) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          continue;
        }
        characters += text.length;
        const parts = self.speak(
          text,
          { ...options, signal: keepsPlaying ? options.signal : signal },
          totals,
        );
        for await (const part of parts) {
          // close() is a stop, not an error: end quietly.
          if (controller.signal.aborted && !keepsPlaying) return;
          yield part;
          if (part.type === 'error') return;
        }
      }
      yield { type: 'finish', characters, audioMs: totals.ms };
    }
    const iterator = run();
    return {
      pushText: (text) => {
        texts.push(text);
        poke();
      },
      end: () => {
        ended = true;
        poke();
      },
      close: async () => {
        controller.abort();
        poke();
      },
      [Symbol.asyncIterator]: () => iterator,
    };
  }
}

/** The harness for a ReferenceTts (optionally flawed) against a fake started later, in beforeAll. */
export function referenceTtsHarness(
  name: string,
  getFake: () => ReferenceTtsFake,
  flaw?: ReferenceTtsFlaw,
): TtsConformanceHarness {
  return {
    name,
    nativeSampleRate: REFERENCE_TTS_RATE,
    toneHz: REFERENCE_TTS_TONE_HZ,
    create: (options) => new ReferenceTts({ url: getFake().url, timeoutMs: options?.timeoutMs, flaw }),
    fail: (status, options) => getFake().fail(status, options),
    stall: () => getFake().stall(),
    slow: (options) => getFake().slow(options),
    openConnections: () => getFake().openConnections(),
    reset: () => getFake().reset?.(),
  };
}
