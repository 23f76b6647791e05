import type { STT } from '@bot-backend/interfaces';
import type { ProviderEntry } from './provider-entry.js';

/** The stt providers this build can create, by the name STT_PROVIDER uses. */
export const sttRegistry: readonly ProviderEntry<STT>[] = [];
