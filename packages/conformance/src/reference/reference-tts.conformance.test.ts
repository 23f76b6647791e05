import { afterAll, beforeAll } from 'vitest';
import { describeTtsConformance } from '../tts-conformance.js';
import { type ReferenceTtsFake, referenceTtsHarness, startReferenceTtsFake } from './test-reference-tts.js';

// The suite's own check: a small but correct TTS implementation passes it.
let fake: ReferenceTtsFake | undefined;
beforeAll(async () => {
  fake = await startReferenceTtsFake();
});
afterAll(async () => {
  await fake?.close();
});

describeTtsConformance(referenceTtsHarness('reference TTS (HTTP chunked PCM over loopback)', () => fake!));
