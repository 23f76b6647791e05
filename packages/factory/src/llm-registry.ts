import type { LLM } from '@bot-backend/interfaces';
import { createGroq } from '@bot-backend/vendors-groq';
import { createOpenAI } from '@bot-backend/vendors-openai';
import type { ProviderEntry } from './provider-entry.js';
import { modelFor } from './vendor-models.js';

/** The llm providers this build can create, by the name LLM_PROVIDER uses. */
export const llmRegistry: readonly ProviderEntry<LLM>[] = [
  {
    name: 'openai',
    needs: ['OPENAI_API_KEY'],
    create: (s) =>
      createOpenAI({
        apiKey: s.OPENAI_API_KEY!,
        baseURL: s.OPENAI_BASE_URL,
        timeoutMs: s.VENDOR_TIMEOUT_MS,
      }).llm(modelFor('openai', s.LLM_MODEL)),
  },
  {
    name: 'groq',
    needs: ['GROQ_API_KEY'],
    create: (s) =>
      createGroq({ apiKey: s.GROQ_API_KEY!, baseURL: s.GROQ_BASE_URL, timeoutMs: s.VENDOR_TIMEOUT_MS }).llm(
        modelFor('groq', s.LLM_MODEL),
      ),
  },
];
