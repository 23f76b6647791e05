import {
  OpenAICompatibleTts,
  type OpenAICompatibleTtsConfig,
  PCM_SAMPLE_RATE,
} from '@bot-backend/openai-compatible';

/** OpenAI's `pcm` response format: raw 24 kHz, 16-bit little-endian, mono. */
export const OPENAI_PCM_SAMPLE_RATE = PCM_SAMPLE_RATE;

export type OpenAITtsConfig = OpenAICompatibleTtsConfig;

/** Speech on OpenAI (`/audio/speech`, pcm), the core's under OpenAI's name. */
export class OpenAITts extends OpenAICompatibleTts {}
