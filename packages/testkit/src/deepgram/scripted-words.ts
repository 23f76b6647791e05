import { decodeWav } from '@bot-backend/audio';

/** One word of a scripted utterance: what a recogniser would hear, and how it prints. */
export interface ScriptedWord {
  /** Lower case, punctuation stripped (Deepgram `word`, AssemblyAI unformatted text). */
  plain: string;
  /** As scripted, with case and punctuation (Deepgram `punctuated_word`, formatted turns). */
  formatted: string;
}

/** Splits a scripted sentence into words the fakes hand out one by one as audio covers them. */
export function scriptWords(text: string): ScriptedWord[] {
  return text
    .split(/\s+/)
    .filter((token) => token.length > 0)
    .map((token) => ({
      formatted: token,
      plain: token.toLowerCase().replace(/[^\p{L}\p{N}'-]/gu, '') || token.toLowerCase(),
    }));
}

/** Milliseconds of PCM16 mono audio in this many bytes. */
export function pcm16Ms(bytes: number, sampleRate: number): number {
  return (bytes / 2 / sampleRate) * 1000;
}

/** A deterministic id, so recorded transcripts are stable across runs. */
export function fakeId(prefix: string, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${prefix.padEnd(8, '0').slice(0, 8)}-0000-4000-8000-${hex}`;
}

/** Duration of a WAV file (packages/audio reads it), or undefined when `body` is not a WAV. */
export function wavDurationMs(body: Buffer): number | undefined {
  try {
    const wav = decodeWav(new Uint8Array(body.buffer, body.byteOffset, body.length));
    return (wav.samples.length / wav.channels / wav.sampleRate) * 1000;
  } catch {
    return undefined;
  }
}
