import type { SettingName } from '@bot-backend/config';

/** The worker cannot register with LiveKit without these; main() exits 1 naming the missing ones. */
export const agentRequiredSettings = [
  'LIVEKIT_URL',
  'LIVEKIT_API_KEY',
  'LIVEKIT_API_SECRET',
] as const satisfies readonly SettingName[];
