import type { Settings } from '@bot-backend/config';
import { voiceFor } from './vendor-models.js';

// Each vendor's provider from the settings, its package (and SDK) imported at the first call: the
// registries call these only for the vendors the settings chose.

export const openaiVendor = async (s: Settings) =>
  (await import('@bot-backend/vendors-openai')).createOpenAI({
    apiKey: s.OPENAI_API_KEY!,
    baseURL: s.OPENAI_BASE_URL,
    timeoutMs: s.VENDOR_TIMEOUT_MS,
  });

export const groqVendor = async (s: Settings) =>
  (await import('@bot-backend/vendors-groq')).createGroq({
    apiKey: s.GROQ_API_KEY!,
    baseURL: s.GROQ_BASE_URL,
    timeoutMs: s.VENDOR_TIMEOUT_MS,
  });

export const deepgramVendor = async (s: Settings) =>
  (await import('@bot-backend/vendors-deepgram')).createDeepgram({
    apiKey: s.DEEPGRAM_API_KEY!,
    baseUrl: s.DEEPGRAM_BASE_URL,
    timeoutMs: s.VENDOR_TIMEOUT_MS,
  });

export const assemblyaiVendor = async (s: Settings) =>
  (await import('@bot-backend/vendors-assemblyai')).createAssemblyAI({
    apiKey: s.ASSEMBLYAI_API_KEY!,
    baseUrl: s.ASSEMBLYAI_BASE_URL,
    streamingUrl: s.ASSEMBLYAI_STREAMING_URL,
    timeoutMs: s.VENDOR_TIMEOUT_MS,
  });

export const cartesiaVendor = async (s: Settings) =>
  (await import('@bot-backend/vendors-cartesia')).createCartesia({
    apiKey: s.CARTESIA_API_KEY!,
    baseURL: s.CARTESIA_BASE_URL,
    // TTS_VOICE wins; CARTESIA_VOICE stays as the older, Cartesia-only name.
    voice: voiceFor('cartesia', s.TTS_VOICE) ?? s.CARTESIA_VOICE,
    timeoutMs: s.VENDOR_TIMEOUT_MS,
  });

export const simliVendor = async (s: Settings) =>
  (await import('@bot-backend/vendors-simli')).createSimli({
    apiKey: s.SIMLI_API_KEY!,
    baseURL: s.SIMLI_BASE_URL,
    faceId: s.SIMLI_FACE_ID,
    timeoutMs: s.VENDOR_TIMEOUT_MS,
  });
