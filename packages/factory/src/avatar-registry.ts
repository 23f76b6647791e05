import type { Avatar } from '@bot-backend/interfaces';
import type { ProviderEntry } from './provider-entry.js';
import { simliVendor } from './vendors.js';

/** The avatar providers this build can create, by the name AVATAR_PROVIDER uses. */
export const avatarRegistry: readonly ProviderEntry<Avatar>[] = [
  { name: 'simli', needs: ['SIMLI_API_KEY'], create: async (s) => (await simliVendor(s)).avatar() },
];
