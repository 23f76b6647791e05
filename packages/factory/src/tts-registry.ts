import type { TTS } from '@bot-backend/interfaces';
import type { ProviderEntry } from './provider-entry.js';

/** The tts providers this build can create, by the name TTS_PROVIDER uses. */
export const ttsRegistry: readonly ProviderEntry<TTS>[] = [];
