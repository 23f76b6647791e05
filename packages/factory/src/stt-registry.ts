import type { STT } from '@bot-backend/interfaces';
import type { ProviderEntry } from './provider-entry.js';
import { modelFor } from './vendor-models.js';
import { assemblyaiVendor, deepgramVendor, groqVendor, openaiVendor } from './vendors.js';

/** The stt providers this build can create, by the name STT_PROVIDER uses. */
export const sttRegistry: readonly ProviderEntry<STT>[] = [
  {
    name: 'deepgram',
    needs: ['DEEPGRAM_API_KEY'],
    create: async (s) => (await deepgramVendor(s)).stt(modelFor('deepgram', s.STT_MODEL)),
  },
  {
    name: 'assemblyai',
    needs: ['ASSEMBLYAI_API_KEY'],
    create: async (s) => (await assemblyaiVendor(s)).stt(modelFor('assemblyai', s.STT_MODEL)),
  },
  {
    name: 'openai',
    needs: ['OPENAI_API_KEY'],
    create: async (s) => (await openaiVendor(s)).stt(modelFor('openai', s.STT_MODEL)),
  },
  {
    name: 'groq',
    needs: ['GROQ_API_KEY'],
    create: async (s) => (await groqVendor(s)).stt(modelFor('groq', s.STT_MODEL)),
  },
];
