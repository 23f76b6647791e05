import type { DeepgramClient } from '@deepgram/sdk';
import { createDeepgramClient } from './deepgram-client.js';
import {
  type DeepgramSettings,
  type DeepgramSttModelId,
  type DeepgramTtsVoiceId,
  parseDeepgramSettings,
} from './deepgram-options.js';
import { DeepgramStt } from './deepgram-stt.js';
import { DeepgramTts } from './deepgram-tts.js';

export interface DeepgramProvider {
  /** Speech-to-text with this model (default: settings.defaultModel, `nova-3`). */
  stt(model?: DeepgramSttModelId): DeepgramStt;
  /** Aura text-to-speech with this voice (default: settings.defaultVoice, `aura-2-thalia-en`). */
  tts(voice?: DeepgramTtsVoiceId): DeepgramTts;
  /** The official SDK client the capabilities share. */
  readonly client: DeepgramClient;
}

/** Validates the settings once (throws a TypeError naming the bad fields) and shares one SDK client. */
export function createDeepgram(settings: DeepgramSettings): DeepgramProvider {
  const resolved = parseDeepgramSettings(settings);
  const client = createDeepgramClient(resolved);
  return {
    client,
    stt: (model) => new DeepgramStt({ ...settings, ...(model ? { defaultModel: model } : {}) }, client),
    tts: (voice) => new DeepgramTts({ ...settings, ...(voice ? { defaultVoice: voice } : {}) }, client),
  };
}
