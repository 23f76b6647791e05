import { describeTtsConformance, describeSttConformance } from '@bot-backend/conformance';
import type { TTS, TtsStreamPart, STT, SttStreamPart } from '@bot-backend/interfaces';
import { type DeepgramFake, startDeepgramFake } from '@bot-backend/testkit';
import { afterAll, beforeAll } from 'vitest';
import { DeepgramTts } from './deepgram-tts.js';
import { DeepgramStt } from './deepgram-stt.js';

let fake: DeepgramFake;
beforeAll(async () => { fake = await startDeepgramFake({ ttsToneHz: 220 }); });
afterAll(async () => { await fake.close(); });
const controls = {
  fail: (status: number, options?: { retryAfterSec?: number }) => fake.fail(status, options),
  stall: () => fake.stall(),
  openConnections: () => fake.openConnections(),
  reset: () => fake.reset(),
};
function relabel(inner: TTS): TTS {
  return { ...inner, capabilities: inner.capabilities, specificationVersion: 'v1', provider: inner.provider, modelId: inner.modelId,
    synthesize: (text, options) => (async function* (): AsyncIterable<TtsStreamPart> {
      for await (const p of inner.synthesize(text, { ...options, sampleRate: 16000 })) {
        yield p.type === 'audio' ? { type: 'audio', frame: { samples: p.frame.samples, sampleRate: options.sampleRate } } : p;
      }
    })(),
    stream: (o) => inner.stream(o) };
}
function ignoreAbort(inner: TTS): TTS {
  return { ...inner, capabilities: inner.capabilities, specificationVersion: 'v1', provider: inner.provider, modelId: inner.modelId,
    synthesize: (text, options) => inner.synthesize(text, { ...options, signal: undefined }), stream: (o) => inner.stream(o) };
}
describeTtsConformance({ name: 'PROBE relabel', ...controls, nativeSampleRate: 24000, toneHz: 220,
  create: () => relabel(new DeepgramTts({ apiKey: fake.apiKey, baseUrl: fake.url })), slow: (o) => fake.slowSpeak(o) });
describeTtsConformance({ name: 'PROBE ignore-abort', ...controls, nativeSampleRate: 24000, toneHz: 220,
  create: () => ignoreAbort(new DeepgramTts({ apiKey: fake.apiKey, baseUrl: fake.url })), slow: (o) => fake.slowSpeak(o) });
function dupFinals(inner: STT): STT {
  return { specificationVersion: 'v1', provider: inner.provider, modelId: inner.modelId, capabilities: inner.capabilities,
    transcribe: (a, o) => inner.transcribe(a, o),
    stream: (o) => { const s = inner.stream(o); return { push: (f) => s.push(f), finalize: () => s.finalize(), close: () => s.close(),
      [Symbol.asyncIterator]: () => (async function* (): AsyncGenerator<SttStreamPart> { for await (const p of s) { yield p; if (p.type === 'transcript-final') yield p; } })() }; } };
}
describeSttConformance({ name: 'PROBE dup finals', ...controls, script: (t) => fake.script(t),
  create: (options) => dupFinals(new DeepgramStt({ apiKey: fake.apiKey, baseUrl: fake.url, ...(options?.timeoutMs !== undefined ? { connectTimeoutMs: options.timeoutMs } : {}) })) });
