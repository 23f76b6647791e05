import type { LLM } from '@bot-backend/interfaces';
import type { ProviderEntry } from './provider-entry.js';

/** The llm providers this build can create, by the name LLM_PROVIDER uses. */
export const llmRegistry: readonly ProviderEntry<LLM>[] = [];
