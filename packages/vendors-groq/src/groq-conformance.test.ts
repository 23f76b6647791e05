import { describeLlmConformance, describeSttConformance } from '@bot-backend/conformance';
import { openAiFakeControls, startOpenAiFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { createGroq } from './groq-provider.js';

const fake = useFake(() => startOpenAiFake(), { scope: 'all' });

// The fake applies Groq's rules under /openai/v1, the path createGroq adds to the origin.
const groq = (timeoutMs?: number) => createGroq({ apiKey: 'gsk-conformance', baseURL: fake.url, timeoutMs });
const controls = openAiFakeControls(() => fake);

describeLlmConformance({ ...controls, name: 'groq (openai SDK)', create: (o) => groq(o?.timeoutMs).llm() });
describeSttConformance({ ...controls, name: 'groq whisper', create: (o) => groq(o?.timeoutMs).stt() });
