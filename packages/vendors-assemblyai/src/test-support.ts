import type { AudioFrame } from '@bot-backend/interfaces';

/** Helpers shared by this package's tests (not exported from the package). */

const rate = 16000;

export function frames(ms: number, sampleRate = rate): AudioFrame[] {
  const perFrame = sampleRate / 50;
  return Array.from({ length: Math.ceil(ms / 20) }, (_, f) => {
    const samples = new Int16Array(perFrame);
    for (let i = 0; i < perFrame; i++) {
      samples[i] = Math.round(3000 * Math.sin((2 * Math.PI * 220 * (f * perFrame + i)) / sampleRate));
    }
    return { samples, sampleRate };
  });
}

export { readStream as reader, waitUntil as until } from '@bot-backend/testkit';
