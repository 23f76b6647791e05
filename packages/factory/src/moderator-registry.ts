import type { Moderator } from '@bot-backend/interfaces';
import { createOpenAI } from '@bot-backend/vendors-openai';
import type { ProviderEntry } from './provider-entry.js';

/** The moderator providers this build can create, by the name MODERATION_PROVIDER uses. */
export const moderatorRegistry: readonly ProviderEntry<Moderator>[] = [
  {
    name: 'openai',
    needs: ['OPENAI_API_KEY'],
    create: (s) =>
      createOpenAI({
        apiKey: s.OPENAI_API_KEY!,
        baseURL: s.OPENAI_BASE_URL,
        timeoutMs: s.VENDOR_TIMEOUT_MS,
      }).moderation(),
  },
];
