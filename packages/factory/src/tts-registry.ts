import type { TTS } from '@bot-backend/interfaces';
import { createCartesia } from '@bot-backend/vendors-cartesia';
import { createDeepgram } from '@bot-backend/vendors-deepgram';
import { createOpenAI } from '@bot-backend/vendors-openai';
import type { ProviderEntry } from './provider-entry.js';
import { modelFor, voiceFor } from './vendor-models.js';

/** The tts providers this build can create, by the name TTS_PROVIDER uses. */
export const ttsRegistry: readonly ProviderEntry<TTS>[] = [
  {
    name: 'cartesia',
    needs: ['CARTESIA_API_KEY'],
    create: (s) =>
      createCartesia({
        apiKey: s.CARTESIA_API_KEY!,
        baseURL: s.CARTESIA_BASE_URL,
        // TTS_VOICE wins; CARTESIA_VOICE stays as the older, Cartesia-only name.
        voice: voiceFor('cartesia', s.TTS_VOICE) ?? s.CARTESIA_VOICE,
        timeoutMs: s.VENDOR_TIMEOUT_MS,
      }).tts(modelFor('cartesia', s.TTS_MODEL)),
  },
  {
    name: 'deepgram',
    needs: ['DEEPGRAM_API_KEY'],
    create: (s) =>
      createDeepgram({
        apiKey: s.DEEPGRAM_API_KEY!,
        baseUrl: s.DEEPGRAM_BASE_URL,
        timeoutMs: s.VENDOR_TIMEOUT_MS,
        // Deepgram's voice is its model (aura-2-thalia-en): TTS_VOICE, else TTS_MODEL.
      }).tts(voiceFor('deepgram', s.TTS_VOICE) ?? voiceFor('deepgram', modelFor('deepgram', s.TTS_MODEL))),
  },
  {
    name: 'openai',
    needs: ['OPENAI_API_KEY'],
    create: (s) =>
      createOpenAI({
        apiKey: s.OPENAI_API_KEY!,
        baseURL: s.OPENAI_BASE_URL,
        timeoutMs: s.VENDOR_TIMEOUT_MS,
      }).tts(modelFor('openai', s.TTS_MODEL), { voice: voiceFor('openai', s.TTS_VOICE) }),
  },
];
