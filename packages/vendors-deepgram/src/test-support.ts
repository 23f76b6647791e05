import { concatSamples } from '@bot-backend/audio';
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
  return concatSamples(parts.flatMap((p) => (p.type === 'audio' ? [p.frame.samples] : [])));
}
