import type { SttWord } from './stt-word.js';

export interface SttTranscript {
  text: string;
  words: readonly SttWord[];
  confidence: number | undefined;
  language: string | undefined;
  durationMs: number | undefined;
}
