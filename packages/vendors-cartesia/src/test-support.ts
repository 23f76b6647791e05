import { concatSamples } from '@bot-backend/audio';
import type { AudioFrame, TtsStreamPart } from '@bot-backend/interfaces';

/** Test helpers shared by this package's tests (not exported from the package). */

export { collectStream as collect, waitUntil as waitFor } from '@bot-backend/testkit';

export function audioOf(parts: readonly TtsStreamPart[]): AudioFrame[] {
  return parts.flatMap((part) => (part.type === 'audio' ? [part.frame] : []));
}

export function joinSamples(frames: readonly AudioFrame[]): Int16Array {
  return concatSamples(frames.map((frame) => frame.samples));
}
