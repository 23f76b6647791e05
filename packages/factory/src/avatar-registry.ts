import type { Avatar } from '@bot-backend/interfaces';
import { createSimli } from '@bot-backend/vendors-simli';
import type { ProviderEntry } from './provider-entry.js';

/** The avatar providers this build can create, by the name AVATAR_PROVIDER uses. */
export const avatarRegistry: readonly ProviderEntry<Avatar>[] = [
  {
    name: 'simli',
    needs: ['SIMLI_API_KEY'],
    create: (s) =>
      createSimli({
        apiKey: s.SIMLI_API_KEY!,
        baseURL: s.SIMLI_BASE_URL,
        faceId: s.SIMLI_FACE_ID,
        timeoutMs: s.VENDOR_TIMEOUT_MS,
      }).avatar(),
  },
];
