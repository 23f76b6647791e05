import { concatSamples } from '@bot-backend/audio';
import type { TtsStreamPart } from '@bot-backend/interfaces';

/** Helpers shared by this package's tests (not exported from the package). */

export {
  collectStream as collect,
  readStream as reader,
  toneFrames as frames,
  waitUntil as until,
} from '@bot-backend/testkit';

export function joined(parts: TtsStreamPart[]): Int16Array {
  return concatSamples(parts.flatMap((p) => (p.type === 'audio' ? [p.frame.samples] : [])));
}
