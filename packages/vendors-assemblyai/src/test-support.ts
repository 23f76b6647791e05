import type { AudioFrame, SttSession, SttStreamPart } from '@bot-backend/interfaces';

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

export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function reader(session: SttSession) {
  const parts: SttStreamPart[] = [];
  const done = (async () => {
    for await (const part of session) parts.push(part);
  })();
  return { parts, done };
}
