import type { TTS } from '@bot-backend/interfaces';
import type { ProviderEntry } from './provider-entry.js';
import { modelFor, voiceFor } from './vendor-models.js';
import { cartesiaVendor, deepgramVendor, openaiVendor } from './vendors.js';

/** The tts providers this build can create, by the name TTS_PROVIDER uses. */
export const ttsRegistry: readonly ProviderEntry<TTS>[] = [
  {
    name: 'cartesia',
    needs: ['CARTESIA_API_KEY'],
    create: async (s) => (await cartesiaVendor(s)).tts(modelFor('cartesia', s.TTS_MODEL)),
  },
  {
    name: 'deepgram',
    needs: ['DEEPGRAM_API_KEY'],
    // Deepgram's voice is its model (aura-2-thalia-en): TTS_VOICE, else TTS_MODEL.
    create: async (s) =>
      (await deepgramVendor(s)).tts(
        voiceFor('deepgram', s.TTS_VOICE) ?? voiceFor('deepgram', modelFor('deepgram', s.TTS_MODEL)),
      ),
  },
  {
    name: 'openai',
    needs: ['OPENAI_API_KEY'],
    create: async (s) =>
      (await openaiVendor(s)).tts(modelFor('openai', s.TTS_MODEL), {
        voice: voiceFor('openai', s.TTS_VOICE),
      }),
  },
];
