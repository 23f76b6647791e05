/**
 * A minimal whole-utterance STT over HTTP and its loopback fake, used only to
 * test the STT suite itself: the correct version must pass it, and each
 * deliberate `flaw` must make it fail. Wire: POST /stt with a WAV body →
 * {"text","words":[{"word","start","end"}]} (times in seconds).
 * stream() buffers audio until finalize(), like the Whisper-based STTs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { concatFrames, decodeWavToFrame, encodeWavFrame } from '@bot-backend/audio';
import {
  type AudioFrame,
  type AudioInput,
  type CallOptions,
  type STT,
  type SttOptions,
  type SttSession,
  type SttStreamPart,
  type SttTranscript,
  VendorError,
} from '@bot-backend/interfaces';
import type { SttConformanceHarness } from '../harness.js';
import { postOrThrow } from './test-reference-http.js';

type Script =
  | { kind: 'text'; text: string }
  | { kind: 'fail'; status: number; retryAfterSec: number | undefined }
  | { kind: 'stall' };

export interface ReferenceSttFake
  extends Pick<SttConformanceHarness, 'fail' | 'stall' | 'script' | 'openConnections' | 'reset'> {
  url: string;
  close(): Promise<void>;
}

export async function startReferenceSttFake(): Promise<ReferenceSttFake> {
  const queue: Script[] = [];
  const open = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const script = queue.shift() ?? { kind: 'text', text: '' };
    if (script.kind === 'stall') return;
    if (script.kind === 'fail') {
      const headers: Record<string, string> = {};
      if (script.retryAfterSec !== undefined) headers['retry-after'] = String(script.retryAfterSec);
      res.writeHead(script.status, headers).end();
      return;
    }
    // Spread the scripted words evenly over the audio that arrived.
    const audio = decodeWavToFrame(new Uint8Array(Buffer.concat(chunks)));
    const seconds = audio.samples.length / audio.sampleRate;
    const words = script.text.split(/\s+/).filter(Boolean);
    const step = words.length > 0 ? seconds / words.length : 0;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        text: script.text,
        words: words.map((word, i) => ({ word, start: i * step, end: (i + 1) * step })),
      }),
    );
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    script: (text) => queue.push({ kind: 'text', text }),
    fail: (status, options) => queue.push({ kind: 'fail', status, retryAfterSec: options?.retryAfterSec }),
    stall: () => queue.push({ kind: 'stall' }),
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
export type ReferenceSttFlaw = 'end-of-turn-before-final' | 'ignores-abort' | 'no-finish';

export class ReferenceStt implements STT {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'reference';
  readonly modelId = 'reference-stt-1';
  readonly capabilities = { streaming: false, interimResults: false, wordTimings: true, endOfTurn: false };

  constructor(
    private readonly settings: {
      url: string;
      timeoutMs?: number | undefined;
      flaw?: ReferenceSttFlaw | undefined;
    },
  ) {}

  async transcribe(audio: AudioInput, options: CallOptions = {}): Promise<SttTranscript> {
    const wav = 'samples' in audio ? encodeWavFrame(audio) : audio.data;
    const signal = this.settings.flaw === 'ignores-abort' ? undefined : options.signal;
    const response = await postOrThrow(this.provider, `${this.settings.url}/stt`, wav, {
      signal,
      timeoutMs: options.timeoutMs ?? this.settings.timeoutMs,
    });
    const body = (await response.json()) as {
      text: string;
      words: { word: string; start: number; end: number }[];
    };
    const frame = decodeWavToFrame(wav);
    return {
      text: body.text,
      words: body.words.map((w) => ({ word: w.word, startMs: w.start * 1000, endMs: w.end * 1000 })),
      confidence: undefined,
      language: undefined,
      durationMs: (frame.samples.length * 1000) / frame.sampleRate,
    };
  }

  stream(options: SttOptions): SttSession {
    const flaw = this.settings.flaw;
    const signal = flaw === 'ignores-abort' ? undefined : options.signal;
    const parts: SttStreamPart[] = [];
    let wake: (() => void) | undefined;
    let buffered: AudioFrame[] = [];
    let offsetMs = 0;
    let work: Promise<void> = Promise.resolve();
    let ended = false;
    const emit = (part: SttStreamPart) => {
      if (ended) return;
      parts.push(part);
      if (part.type === 'error' || part.type === 'finish') ended = true;
      wake?.();
      wake = undefined;
    };
    const cancelled = () =>
      emit({
        type: 'error',
        error: new VendorError({ kind: 'cancelled', vendor: this.provider, message: 'aborted' }),
      });
    if (signal?.aborted) cancelled();
    signal?.addEventListener('abort', cancelled, { once: true });

    const finalize = () => {
      const frames = buffered;
      buffered = [];
      work = work.then(async () => {
        if (ended || frames.length === 0) return;
        const audio = concatFrames(frames);
        const startMs = offsetMs;
        offsetMs += (audio.samples.length * 1000) / audio.sampleRate;
        try {
          const result = await this.transcribe(audio, { signal, timeoutMs: options.timeoutMs });
          const words = result.words.map((w) => ({
            ...w,
            startMs: w.startMs + startMs,
            endMs: w.endMs + startMs,
          }));
          const final: SttStreamPart = {
            type: 'transcript-final',
            text: result.text,
            words,
            confidence: undefined,
            startMs,
            endMs: offsetMs,
          };
          const endOfTurn: SttStreamPart = { type: 'end-of-turn', atMs: offsetMs, text: result.text };
          if (flaw === 'end-of-turn-before-final') {
            emit(endOfTurn);
            emit(final);
          } else {
            emit(final);
            emit(endOfTurn);
          }
        } catch (error) {
          emit({ type: 'error', error: error as VendorError });
        }
      });
    };

    async function* iterate(): AsyncGenerator<SttStreamPart> {
      for (;;) {
        const part = parts.shift();
        if (part) {
          yield part;
          if (part.type === 'error' || part.type === 'finish') return;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
    const iterator = iterate();
    return {
      push: (frame) => {
        if (!ended) buffered.push(frame);
      },
      finalize,
      close: async () => {
        finalize();
        await work;
        signal?.removeEventListener('abort', cancelled);
        if (flaw === 'no-finish') {
          ended = true;
          wake?.();
          return;
        }
        emit({ type: 'finish' });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
  }
}

/** The harness for a ReferenceStt (optionally flawed) against a fake started later, in beforeAll. */
export function referenceSttHarness(
  name: string,
  getFake: () => ReferenceSttFake,
  flaw?: ReferenceSttFlaw,
): SttConformanceHarness {
  return {
    name,
    create: (options) => new ReferenceStt({ url: getFake().url, timeoutMs: options?.timeoutMs, flaw }),
    script: (text) => getFake().script(text),
    fail: (status, options) => getFake().fail(status, options),
    stall: () => getFake().stall(),
    openConnections: () => getFake().openConnections(),
    reset: () => getFake().reset?.(),
  };
}
