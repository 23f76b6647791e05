import { afterAll, beforeAll } from 'vitest';
import { describeLlmConformance } from '../llm-conformance.js';
import { type ReferenceLlmFake, referenceLlmHarness, startReferenceLlmFake } from './test-reference-llm.js';

// The suite's own check: a small but correct LLM implementation passes it.
let fake: ReferenceLlmFake | undefined;
beforeAll(async () => {
  fake = await startReferenceLlmFake();
});
afterAll(async () => {
  await fake?.close();
});

describeLlmConformance(referenceLlmHarness('reference LLM (HTTP + SSE over loopback)', () => fake!));
