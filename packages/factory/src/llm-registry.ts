import type { LLM } from '@bot-backend/interfaces';
import type { ProviderEntry } from './provider-entry.js';
import { modelFor } from './vendor-models.js';
import { groqVendor, openaiVendor } from './vendors.js';

/** The llm providers this build can create, by the name LLM_PROVIDER uses. */
export const llmRegistry: readonly ProviderEntry<LLM>[] = [
  {
    name: 'openai',
    needs: ['OPENAI_API_KEY'],
    create: async (s) => (await openaiVendor(s)).llm(modelFor('openai', s.LLM_MODEL)),
  },
  {
    name: 'groq',
    needs: ['GROQ_API_KEY'],
    create: async (s) => (await groqVendor(s)).llm(modelFor('groq', s.LLM_MODEL)),
  },
];
