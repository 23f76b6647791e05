import { afterAll, beforeAll } from 'vitest';
import { describeSttConformance } from '../stt-conformance.js';
import { type ReferenceSttFake, referenceSttHarness, startReferenceSttFake } from './test-reference-stt.js';

// The suite's own check: a small but correct whole-utterance STT passes it.
let fake: ReferenceSttFake | undefined;
beforeAll(async () => {
  fake = await startReferenceSttFake();
});
afterAll(async () => {
  await fake?.close();
});

describeSttConformance(
  referenceSttHarness('reference STT (whole-utterance HTTP over loopback)', () => fake!),
);
