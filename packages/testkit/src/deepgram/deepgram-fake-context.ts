import type { ScriptedWord } from './scripted-words.js';

/** What the parts of the Deepgram fake share: the script, the options, the timers. */

export interface Utterance {
  words: ScriptedWord[];
  /** Words already delivered in a final (across connections: a reconnect resumes after them). */
  finalized: number;
  msPerWord?: number | undefined;
  /** With silenceThreshold: voiced audio heard for this utterance, and when each word was heard. */
  voicedMs: number;
  heard: Array<{ start: number; end: number }>;
}

export type Json = { type: string; [key: string]: unknown };

export interface SpeakPacing {
  chunkDelayMs: number;
  chunkMs: number;
}

export interface DeepgramFakeContext {
  utterances: Utterance[];
  msPerWord: number;
  wordsPerFinal: number;
  silenceThreshold: number | undefined;
  idleTimeoutMs: number;
  ttsMsPerChar: number;
  ttsToneHz: number | undefined;
  /** Flushes a speak socket may send per window before Deepgram only warns (20 per 60 s). */
  flushLimit: number;
  flushWindowMs: number;
  /** Audio ms after which the next live connection is cut. */
  drops: number[];
  timers: Set<NodeJS.Timeout>;
  /** The pacing scripted for the next Aura synthesis, used once. */
  takePacing(): SpeakPacing | undefined;
  /** A number per request, for deterministic request ids. */
  nextRequest(): number;
  sleep(ms: number): Promise<void>;
}

export function isTrue(value: string | null): boolean {
  return value === 'true';
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function modelInfo(model: string): { name: string; version: string; arch: string } {
  return { name: `general-${model}`, version: '2026-01-01.0', arch: model };
}
