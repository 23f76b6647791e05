import { readFileSync } from 'node:fs';
import { decodeWavToFrame } from '@bot-backend/audio';
import type { Settings } from '@bot-backend/config';
import {
  avatarRegistry,
  llmRegistry,
  type ProviderEntry,
  sttRegistry,
  ttsRegistry,
} from '@bot-backend/factory';
import type { AudioFrame, LLM, STT, SttStreamPart, TTS, TtsStreamPart } from '@bot-backend/interfaces';
import { z } from 'zod';

/** One short real call; resolves with a few words on what came back, throws on failure. */
export interface SmokeCheck {
  vendor: string;
  name: string;
  run(signal: AbortSignal): Promise<string>;
}

/** "Tell me about a project you are proud of.", 3 s of 16 kHz mono PCM16 (espeak-ng, then sox). */
export const smokeUtterance = (): AudioFrame =>
  decodeWavToFrame(new Uint8Array(readFileSync(new URL('./smoke-utterance.wav', import.meta.url))));

const SENTENCE = 'Thank you, that was a clear answer.';
const TTS_RATE = 24_000;
const user = (content: string) => [{ role: 'user' as const, content }];

function llmChecks(vendor: string, llm: LLM): SmokeCheck[] {
  return [
    {
      vendor,
      name: 'llm completion',
      run: async (signal) => {
        const result = await llm.complete(
          { messages: user('Reply with the single word: ready.'), maxTokens: 16 },
          { signal },
        );
        return `${result.model}, ${result.usage.outputTokens} tokens`;
      },
    },
    {
      vendor,
      name: 'llm structured output',
      run: async (signal) => {
        const output = { name: 'smoke', schema: z.object({ ready: z.boolean(), word: z.string() }) };
        const result = await llm.complete(
          { messages: user('Answer in JSON: is the service ready (true), and one word to say so.'), output },
          { signal },
        );
        return `${result.model}, ready=${String(result.object.ready)}`;
      },
    },
  ];
}

/** Final texts until the turn ends (or the stream does). */
async function drainStt(parts: AsyncIterable<SttStreamPart>): Promise<string[]> {
  const finals: string[] = [];
  for await (const part of parts) {
    if (part.type === 'error') throw part.error;
    if (part.type === 'transcript-final' && part.text !== '') finals.push(part.text);
    if (part.type === 'end-of-turn' || part.type === 'finish') break;
  }
  return finals;
}

/** After finalize(), a vendor that ends no turn is given this long before the session is closed. */
const TURN_WAIT_MS = 5_000;

const words = (texts: readonly string[]) => texts.join(' ').split(/\s+/).filter(Boolean).length;

function sttChecks(vendor: string, stt: STT): SmokeCheck[] {
  const audio = smokeUtterance();
  return [
    {
      vendor,
      name: 'stt batch',
      run: async (signal) =>
        `${stt.modelId}, ${words([(await stt.transcribe(audio, { signal })).text])} words heard`,
    },
    {
      vendor,
      name: 'stt streaming',
      run: async (signal) => {
        const session = stt.stream({ sampleRate: audio.sampleRate, signal });
        const heard = drainStt(session);
        // 100 ms frames at real time, as a microphone sends them.
        const step = audio.sampleRate / 10;
        for (let at = 0; at < audio.samples.length && !signal.aborted; at += step) {
          session.push({ samples: audio.samples.subarray(at, at + step), sampleRate: audio.sampleRate });
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        session.finalize();
        const quiet = setTimeout(() => void session.close(), TURN_WAIT_MS);
        try {
          return `${stt.modelId}, ${words(await heard)} words heard`;
        } finally {
          clearTimeout(quiet);
          await session.close();
        }
      },
    },
  ];
}

async function drainTts(parts: AsyncIterable<TtsStreamPart>): Promise<number> {
  let samples = 0;
  for await (const part of parts) {
    if (part.type === 'error') throw part.error;
    if (part.type === 'audio') samples += part.frame.samples.length;
    if (part.type === 'finish') break;
  }
  if (samples === 0) throw new Error('no audio came back');
  return Math.round((samples / TTS_RATE) * 1000);
}

function ttsChecks(vendor: string, tts: TTS): SmokeCheck[] {
  return [
    {
      vendor,
      name: 'tts bytes',
      run: async (signal) =>
        `${tts.modelId}, ${await drainTts(tts.synthesize(SENTENCE, { sampleRate: TTS_RATE, signal }))} ms of audio`,
    },
    {
      vendor,
      name: 'tts streaming',
      run: async (signal) => {
        const session = tts.stream({ sampleRate: TTS_RATE, signal });
        session.pushText(SENTENCE);
        session.end();
        try {
          return `${tts.modelId}, ${await drainTts(session)} ms of audio`;
        } finally {
          await session.close();
        }
      },
    },
  ];
}

/** The vendors the factory can build, each with the key it cannot run without. */
export function smokeVendors(): { vendor: string; key: string }[] {
  const seen = new Map<string, string>();
  for (const registry of [
    llmRegistry,
    sttRegistry,
    ttsRegistry,
    avatarRegistry,
  ] as readonly (readonly ProviderEntry<unknown>[])[]) {
    for (const entry of registry) if (!seen.has(entry.name)) seen.set(entry.name, entry.needs[0] ?? '');
  }
  return [...seen].map(([vendor, key]) => ({ vendor, key }));
}

/** Every check one vendor offers, built through the factory's registries from these settings. */
export async function checksFor(vendor: string, settings: Settings): Promise<SmokeCheck[]> {
  const build = <T>(registry: readonly ProviderEntry<T>[]) =>
    registry.find((entry) => entry.name === vendor)?.create(settings);
  const [llm, stt, tts, avatar] = await Promise.all([
    build(llmRegistry),
    build(sttRegistry),
    build(ttsRegistry),
    build(avatarRegistry),
  ]);
  return [
    ...(llm ? llmChecks(vendor, llm) : []),
    ...(stt ? sttChecks(vendor, stt) : []),
    ...(tts ? ttsChecks(vendor, tts) : []),
    ...(avatar
      ? [
          {
            vendor,
            name: 'avatar session token',
            run: async (signal: AbortSignal) => {
              const session = await avatar.createSession({ signal });
              return `token of ${session.sessionToken.length} characters, face ${session.faceId}`;
            },
          },
        ]
      : []),
  ];
}
