import type { DeepgramClient } from '@deepgram/sdk';
import { resolveDeepgramConfig } from './deepgram-client.js';
import type { DeepgramSettings, DeepgramSttModelId, DeepgramTtsVoiceId } from './deepgram-options.js';
import { DeepgramStt } from './deepgram-stt.js';
import { DeepgramTts } from './deepgram-tts.js';

export interface DeepgramProvider {
  /** The official SDK client the capabilities share. */
  readonly client: DeepgramClient;
  /** Speech-to-text with this model (default: settings.defaultModel, `nova-3`). */
  stt(model?: DeepgramSttModelId): DeepgramStt;
  /** Aura text-to-speech with this voice (default: settings.defaultVoice, `aura-2-thalia-en`). */
  tts(voice?: DeepgramTtsVoiceId): DeepgramTts;
}

/**
 * The one way in: validates the settings once (a TypeError naming the bad
 * fields) and hands the resolved config, with one shared SDK client, to every
 * model it creates.
 */
export function createDeepgram(settings: DeepgramSettings): DeepgramProvider {
  const config = resolveDeepgramConfig(settings);
  const { defaultModel, defaultVoice } = config.settings;
  return {
    client: config.client,
    stt: (model = defaultModel) => new DeepgramStt(model, config),
    tts: (voice = defaultVoice) => new DeepgramTts(voice, config),
  };
}
