import type { TtsStreamPart } from '@bot-backend/interfaces';

/** Helpers shared by this package's tests (not exported from the package). */

export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function collect(parts: AsyncIterable<TtsStreamPart>): Promise<TtsStreamPart[]> {
  const out: TtsStreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

export function joined(parts: TtsStreamPart[]): Int16Array {
  const frames = parts.flatMap((p) => (p.type === 'audio' ? [p.frame.samples] : []));
  const all = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    all.set(f, at);
    at += f.length;
  }
  return all;
}
