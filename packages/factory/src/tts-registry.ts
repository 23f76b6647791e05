import type { TTS } from '@bot-backend/interfaces';
import { createCartesia } from '@bot-backend/vendors-cartesia';
import { createDeepgram } from '@bot-backend/vendors-deepgram';
import { createOpenAI } from '@bot-backend/vendors-openai';
import type { ProviderEntry } from './provider-entry.js';

/** The tts providers this build can create, by the name TTS_PROVIDER uses. */
export const ttsRegistry: readonly ProviderEntry<TTS>[] = [
  {
    name: 'cartesia',
    needs: ['CARTESIA_API_KEY'],
    create: (s) =>
      createCartesia({
        apiKey: s.CARTESIA_API_KEY!,
        baseURL: s.CARTESIA_BASE_URL,
        voice: s.CARTESIA_VOICE,
        timeoutMs: s.VENDOR_TIMEOUT_MS,
      }).tts(),
  },
  {
    name: 'deepgram',
    needs: ['DEEPGRAM_API_KEY'],
    create: (s) =>
      createDeepgram({
        apiKey: s.DEEPGRAM_API_KEY!,
        baseUrl: s.DEEPGRAM_BASE_URL,
        timeoutMs: s.VENDOR_TIMEOUT_MS,
      }).tts(),
  },
  {
    name: 'openai',
    needs: ['OPENAI_API_KEY'],
    create: (s) =>
      createOpenAI({
        apiKey: s.OPENAI_API_KEY!,
        baseURL: s.OPENAI_BASE_URL,
        timeoutMs: s.VENDOR_TIMEOUT_MS,
      }).tts(),
  },
];
