import type { STT } from '@bot-backend/interfaces';
import { createAssemblyAI } from '@bot-backend/vendors-assemblyai';
import { createDeepgram } from '@bot-backend/vendors-deepgram';
import { createGroq } from '@bot-backend/vendors-groq';
import { createOpenAI } from '@bot-backend/vendors-openai';
import type { ProviderEntry } from './provider-entry.js';
import { modelFor } from './vendor-models.js';

/** The stt providers this build can create, by the name STT_PROVIDER uses. */
export const sttRegistry: readonly ProviderEntry<STT>[] = [
  {
    name: 'deepgram',
    needs: ['DEEPGRAM_API_KEY'],
    create: (s) =>
      createDeepgram({
        apiKey: s.DEEPGRAM_API_KEY!,
        baseUrl: s.DEEPGRAM_BASE_URL,
        timeoutMs: s.VENDOR_TIMEOUT_MS,
      }).stt(modelFor('deepgram', s.STT_MODEL)),
  },
  {
    name: 'assemblyai',
    needs: ['ASSEMBLYAI_API_KEY'],
    create: (s) =>
      createAssemblyAI({
        apiKey: s.ASSEMBLYAI_API_KEY!,
        baseUrl: s.ASSEMBLYAI_BASE_URL,
        streamingUrl: s.ASSEMBLYAI_STREAMING_URL,
        timeoutMs: s.VENDOR_TIMEOUT_MS,
      }).stt(modelFor('assemblyai', s.STT_MODEL)),
  },
  {
    name: 'openai',
    needs: ['OPENAI_API_KEY'],
    create: (s) =>
      createOpenAI({
        apiKey: s.OPENAI_API_KEY!,
        baseURL: s.OPENAI_BASE_URL,
        timeoutMs: s.VENDOR_TIMEOUT_MS,
      }).stt(modelFor('openai', s.STT_MODEL)),
  },
  {
    name: 'groq',
    needs: ['GROQ_API_KEY'],
    create: (s) =>
      createGroq({ apiKey: s.GROQ_API_KEY!, baseURL: s.GROQ_BASE_URL, timeoutMs: s.VENDOR_TIMEOUT_MS }).stt(
        modelFor('groq', s.STT_MODEL),
      ),
  },
];
