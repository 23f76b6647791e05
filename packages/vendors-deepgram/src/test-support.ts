import { concatSamples } from '@bot-backend/audio';
import type { TtsStreamPart } from '@bot-backend/interfaces';
import { type DeepgramFake, startDeepgramFake } from '@bot-backend/testkit';
import { afterEach, beforeEach } from 'vitest';
import type { DeepgramSettings } from './deepgram-options.js';

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

/** A fresh Deepgram fake for every test of the calling describe block, and settings that point at it. */
export function fakePerTest(): { readonly fake: DeepgramFake; readonly settings: DeepgramSettings } {
  let fake: DeepgramFake | undefined;
  beforeEach(async () => {
    fake = await startDeepgramFake();
  });
  afterEach(() => fake?.close());
  const current = () => {
    if (!fake) throw new Error('the fake starts in beforeEach');
    return fake;
  };
  return {
    get fake() {
      return current();
    },
    get settings() {
      return { apiKey: current().apiKey, baseUrl: current().url };
    },
  };
}
