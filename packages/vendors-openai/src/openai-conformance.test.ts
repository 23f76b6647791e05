import {
  describeLlmConformance,
  describeSttConformance,
  describeTtsConformance,
} from '@bot-backend/conformance';
import { OPENAI_FAKE_TONE_HZ, openAiFakeControls, startOpenAiFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { createOpenAI } from './openai-provider.js';
import { OPENAI_PCM_SAMPLE_RATE } from './openai-tts.js';

const fake = useFake(() => startOpenAiFake(), { scope: 'all' });

const controls = openAiFakeControls(() => fake);
const openai = (timeoutMs?: number) =>
  createOpenAI({ apiKey: 'sk-conformance', baseURL: fake.openaiBaseURL, timeoutMs });

describeLlmConformance({
  ...controls,
  name: 'openai (openai SDK)',
  create: (o) => openai(o?.timeoutMs).llm(),
});
describeSttConformance({ ...controls, name: 'openai whisper', create: (o) => openai(o?.timeoutMs).stt() });
describeTtsConformance({
  ...controls,
  name: 'openai speech',
  create: (o) => openai(o?.timeoutMs).tts(),
  nativeSampleRate: OPENAI_PCM_SAMPLE_RATE,
  toneHz: OPENAI_FAKE_TONE_HZ,
});
