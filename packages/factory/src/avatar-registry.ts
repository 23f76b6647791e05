import type { Avatar } from '@bot-backend/interfaces';
import type { ProviderEntry } from './provider-entry.js';

/** The avatar providers this build can create, by the name AVATAR_PROVIDER uses. */
export const avatarRegistry: readonly ProviderEntry<Avatar>[] = [];
