import { encodeWavFrame, speechLike } from '@bot-backend/audio';
import type { AudioFrame, EncodedAudio } from '@bot-backend/interfaces';

/** Generated voiced audio cut into `frameMs` frames, like a microphone sends it. */
export function speechFrames(options: {
  durationMs: number;
  sampleRate: number;
  frameMs?: number;
}): AudioFrame[] {
  const whole = speechLike({ durationMs: options.durationMs, sampleRate: options.sampleRate });
  const size = Math.round((options.sampleRate * (options.frameMs ?? 20)) / 1000);
  const frames: AudioFrame[] = [];
  for (let offset = 0; offset < whole.samples.length; offset += size) {
    frames.push({ samples: whole.samples.slice(offset, offset + size), sampleRate: options.sampleRate });
  }
  return frames;
}

export function speechFrame(durationMs: number, sampleRate: number): AudioFrame {
  return speechLike({ durationMs, sampleRate });
}

export function speechWav(durationMs: number, sampleRate: number): EncodedAudio {
  return { data: encodeWavFrame(speechLike({ durationMs, sampleRate })), mimeType: 'audio/wav' };
}

/** Case, punctuation and spacing differ between vendors' formatting; words must not. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s']/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
