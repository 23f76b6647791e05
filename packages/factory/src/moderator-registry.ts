import type { Moderator } from '@bot-backend/interfaces';
import type { ProviderEntry } from './provider-entry.js';
import { openaiVendor } from './vendors.js';

/** The moderator providers this build can create, by the name MODERATION_PROVIDER uses. */
export const moderatorRegistry: readonly ProviderEntry<Moderator>[] = [
  { name: 'openai', needs: ['OPENAI_API_KEY'], create: async (s) => (await openaiVendor(s)).moderation() },
];
