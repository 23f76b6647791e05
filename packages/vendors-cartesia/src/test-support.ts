import type { AudioFrame, TtsStreamPart } from '@bot-backend/interfaces';

/** Test helpers shared by this package's tests (not exported from the package). */

export async function collect(parts: AsyncIterable<TtsStreamPart>): Promise<TtsStreamPart[]> {
  const out: TtsStreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

export function audioOf(parts: readonly TtsStreamPart[]): AudioFrame[] {
  return parts.flatMap((part) => (part.type === 'audio' ? [part.frame] : []));
}

export function joinSamples(frames: readonly AudioFrame[]): Int16Array {
  const total = frames.reduce((sum, frame) => sum + frame.samples.length, 0);
  const out = new Int16Array(total);
  let offset = 0;
  for (const frame of frames) {
    out.set(frame.samples, offset);
    offset += frame.samples.length;
  }
  return out;
}

export async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
